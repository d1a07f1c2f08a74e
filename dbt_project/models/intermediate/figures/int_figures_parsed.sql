-- Number spans turned into figures: a qualifier ("more than") taken in from just
-- before the span, the number (digits, fractions or words) times its scale words, and
-- the unit normalized from the unit seed. A range ("between 5 and 7 percent", "5-7 pct",
-- "15 mln to 16 mln bushels") is one figure: value is the low end, value_high the high
-- end, qualifier `range`. Not figures, and left out: years ("1986/87" too), ages,
-- durations ("more than one year"), numbers inside names ("Covid-19", "One Belt, One
-- Road"), and a number word after a determiner that refers back ("the two leaders").
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('qualifiers') }}
-- depends_on: {{ ref('units') }}
-- depends_on: {{ ref('number_words') }}

with

spans as (
    select * from {{ ref('stg_raw__number_spans') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

sentences as (
    select * from {{ ref('stg_raw__sentences') }}
),

qualifiers as (
    select * from {{ ref('qualifiers') }}
),

number_words as (
    select * from {{ ref('number_words') }}
),

in_context as (
    select
        spans.article_id,
        spans.start_char as span_start,
        spans.end_char,
        spans.span_text,
        spans.number_type,
        spans.sentence_index,
        substring(articles.body, greatest(spans.start_char - 30, 0) + 1,
                  spans.start_char - greatest(spans.start_char - 30, 0)) as raw_before,
        lower(substring(articles.body, greatest(spans.start_char - 30, 0) + 1,
                        spans.start_char - greatest(spans.start_char - 30, 0))) as text_before,
        lower(substring(articles.body, spans.end_char + 1, 20)) as text_after,
        regexp_replace(lower(substring(articles.body, sentences.start_char + 1, sentences.end_char - sentences.start_char)),
                       '\s+', ' ', 'g') as sentence,
        spans.start_char = sentences.start_char as starts_sentence,
    from spans
    inner join articles using (article_id)
    left join sentences
        on sentences.article_id = spans.article_id
        and sentences.sentence_index = spans.sentence_index
),

-- qualifier phrases are matched with one constant pattern (longest phrase first)
qualifier_phrases as (
    select
        article_id,
        span_start,
        regexp_extract(lower(span_text), '^(' || {{ seed_alternation('qualifiers', 'phrase') }} || ')\s+') as inside,
        regexp_extract(text_before, '\b(' || {{ seed_alternation('qualifiers', 'phrase') }} || ')\s+$') as before,
    from in_context
),

best_qualifier as (
    select
        qualifier_phrases.article_id,
        qualifier_phrases.span_start,
        qualifiers.qualifier,
        length(qualifier_phrases.inside) as inside_chars,
        case when qualifier_phrases.inside = '' then length(qualifier_phrases.before) else 0 end as before_chars,
    from qualifier_phrases
    inner join qualifiers
        on qualifiers.phrase = trim(coalesce(nullif(qualifier_phrases.inside, ''), qualifier_phrases.before))
),

qualified as (
    select
        in_context.*,
        coalesce(best_qualifier.qualifier, 'exact') as stated_qualifier,
        in_context.span_start - coalesce(best_qualifier.before_chars, 0) as start_char,
        -- line breaks and runs of spaces read as one space
        regexp_replace(lower(substring(in_context.span_text, coalesce(best_qualifier.inside_chars, 0) + 1)),
                       '\s+', ' ', 'g') as number_text,
    from in_context
    left join best_qualifier using (article_id, span_start)
),

-- a range is split into its low and high ends; anything else is one side
ranges as (
    select
        *,
        case
            when regexp_matches(number_text, '^between\s+.+\s+and\s+.+$')
                then regexp_extract(number_text, '^between\s+(.+?)\s+and\s+(.+)$', ['low', 'high'])
            when regexp_matches(number_text, '^.*\d.*\s+to\s+.*\d.*$') or regexp_matches(number_text, '^[a-z]+\s+to\s+.+$')
                then regexp_extract(number_text, '^(.+?)\s+to\s+(.+)$', ['low', 'high'])
            -- "5-7 pct", not a fraction "8-1/4 pct" nor a score "3-1"
            when number_type <> 'CARDINAL'
                and regexp_matches(number_text, '^[^\d]*\d[\d,.]*\s*[-–]\s*\d[\d,.]*(\s.*|[a-z%].*)?$')
                then regexp_extract(number_text, '^([^\d]*\d[\d,.]*)\s*[-–]\s*(\d.*)$', ['low', 'high'])
        end as range_parts,
    from qualified
),

sides as (
    select article_id, span_start, 1 as side, coalesce(range_parts.low, number_text) as side_text
    from ranges
    union all
    select article_id, span_start, 2 as side, range_parts.high as side_text
    from ranges
    where range_parts is not null
),

side_words as (
    select
        article_id,
        span_start,
        side,
        sum(number_words.value) filter (where number_words.kind in ('number', 'ordinal')) as word_number,
        product(number_words.value) filter (where number_words.kind = 'scale') as scale,
        bool_or(number_words.kind = 'ordinal') as has_ordinal,
    from (
        select article_id, span_start, side, unnest(regexp_split_to_array(side_text, '[^a-z]+')) as word
        from sides
    ) as words
    inner join number_words using (word)
    group by article_id, span_start, side
),

side_values as (
    select
        sides.article_id,
        sides.span_start,
        sides.side,
        coalesce(
            -- a fraction: "10 1/2", "8-1/4", "3/4"
            try_cast(regexp_extract(sides.side_text, '(\d+)[- ]\d+/\d+', 1) as decimal(38, 6))
                + try_cast(regexp_extract(sides.side_text, '\d+[- ](\d+)/\d+', 1) as decimal(38, 6))
                / nullif(try_cast(regexp_extract(sides.side_text, '\d+[- ]\d+/(\d+)', 1) as decimal(38, 6)), 0),
            try_cast(regexp_extract(sides.side_text, '(^|[^\d.,])(\d+)/\d+', 2) as decimal(38, 6))
                / nullif(try_cast(regexp_extract(sides.side_text, '(^|[^\d.,])\d+/(\d+)', 2) as decimal(38, 6)), 0),
            try_cast(replace(regexp_extract(sides.side_text, '\d[\d,]*(\.\d+)?|\.\d+'), ',', '') as decimal(38, 6)),
            cast(side_words.word_number as decimal(38, 6))
        ) as number,
        side_words.scale,
        coalesce(side_words.has_ordinal, false) or regexp_matches(sides.side_text, '^\d+(st|nd|rd|th)$') as is_ordinal,
    from sides
    left join side_words using (article_id, span_start, side)
),

both_sides as (
    select
        article_id,
        span_start,
        any_value(number) filter (where side = 1) as low,
        any_value(scale) filter (where side = 1) as low_scale,
        any_value(number) filter (where side = 2) as high,
        any_value(scale) filter (where side = 2) as high_scale,
        bool_or(is_ordinal) as is_ordinal,
    from side_values
    group by article_id, span_start
),

-- glued units are spaced ("7.62mm" reads "7.62 mm")
unit_texts as (
    select
        article_id,
        span_start,
        regexp_replace(number_text, '(\d)([a-z])', '\1 \2', 'g') as unit_text,
        sentence,
    from qualified
    where number_type in ('MONEY', 'QUANTITY')
),

-- only money and quantities carry a unit word; each seed pattern is a constant. A unit
-- whose `context` pattern is given applies only when the sentence matches it.
unit_matches as (
    {%- for unit in seed_rows('units') %}
    select
        article_id,
        span_start,
        {{ literal(unit['unit']) }} as unit,
        {{ unit['factor'] }}::double as factor,
        {{ literal(unit['kind']) }} as kind,
        strpos(unit_text, regexp_extract(unit_text, {{ literal(unit['pattern']) }})) as match_start,
        length(regexp_extract(unit_text, {{ literal(unit['pattern']) }})) as match_chars,
        {{ 'true' if unit['context'] else 'false' }} as in_context,
    from unit_texts
    where regexp_matches(unit_text, {{ literal(unit['pattern']) }})
        {%- if unit['context'] %}
        and regexp_matches(coalesce(sentence, unit_text), {{ literal(unit['context']) }})
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

-- the unit written first wins ("c $" over "$", "cubic meters" over "meters"), then one
-- that its context confirms, then the longest
best_unit as (
    select
        article_id,
        span_start,
        arg_min(unit, match_start * 100000 - in_context::integer * 1000 - match_chars) as unit,
        arg_min(factor, match_start * 100000 - in_context::integer * 1000 - match_chars) as factor,
        arg_min(kind, match_start * 100000 - in_context::integer * 1000 - match_chars) as unit_kind,
    from unit_matches
    group by article_id, span_start
),

valued as (
    select
        ranges.* replace (
            -- the model may call "eighth" a cardinal
            case when both_sides.is_ordinal and ranges.number_type = 'CARDINAL' then 'ORDINAL' else ranges.number_type end
                as number_type
        ),
        both_sides.low as number,
        -- "5 to 7 mln": the low end takes the high end's scale
        coalesce(both_sides.low_scale, both_sides.high_scale, 1) as scale,
        -- a range runs upwards; "3 to 1" is not one
        case
            when both_sides.high * coalesce(both_sides.high_scale, 1)
                > both_sides.low * coalesce(both_sides.low_scale, both_sides.high_scale, 1)
                then both_sides.high
        end as high,
        coalesce(both_sides.high_scale, 1) as high_scale,
        case
            when ranges.number_type = 'PERCENT' then 'percent'
            when ranges.number_type in ('CARDINAL', 'ORDINAL') then 'count'
            else best_unit.unit
        end as unit,
        case
            when ranges.number_type = 'PERCENT' then 'percent'
            when ranges.number_type in ('CARDINAL', 'ORDINAL') then 'count'
            else best_unit.unit_kind
        end as unit_kind,
        case
            when ranges.number_type in ('MONEY', 'QUANTITY') then coalesce(best_unit.factor, 1)
            else 1
        end as factor,
    from ranges
    left join both_sides using (article_id, span_start)
    left join best_unit using (article_id, span_start)
),

figures as (
    select
        article_id,
        start_char,
        end_char,
        sentence_index,
        number_type,
        cast(number * cast(scale as decimal(38, 0)) * cast(factor as decimal(38, 6)) as double) as value,
        cast(high * cast(high_scale as decimal(38, 0)) * cast(factor as decimal(38, 6)) as double) as value_high,
        unit,
        unit_kind,
        case when high is not null then 'range' else stated_qualifier end as qualifier,
        scale as scale_factor,
        -- a bare number: no unit, currency or scale word of its own ("2.83 billion" after
        -- "2.87 billion dlrs"; "12" in "12 and 13 pct")
        number_type = 'CARDINAL' and high is null
            and not regexp_matches(regexp_replace(number_text, '\b(' || {{ seed_alternation('number_words', 'word') }} || ')\b', '', 'g'),
                                   '[a-z%$€£¥]')
            as is_bare,
        text_after,
    from valued
    where number is not null
        -- a year ("since 2013", "the 2014 Winter Olympics", the crop year "1986/87") is a date
        and not (number_type = 'CARDINAL' and regexp_matches(trim(number_text), '^(1[5-9]|20)\d\d(/\d\d)?$'))
        -- a number inside a name: "Covid-19", "Siberia-2", "G-7"
        and not regexp_matches(text_before, '\pL-$')
        -- a capitalized number word inside a sentence is part of a name: "One Belt, One Road"
        and not (number_type in ('CARDINAL', 'ORDINAL') and not coalesce(starts_sentence, false)
                 and regexp_matches(span_text, '^[A-Z][a-z]') and regexp_matches(raw_before, '[\w,;:]\s*$'))
        -- an age: "aged 69", "a 69-year-old"
        and not regexp_matches(text_before, '\baged?\s+$')
        and not regexp_matches(text_after, '^\s*-?\s*years?[- ]old')
        -- a duration: "more than one year", "four weeks"
        and not (number_type = 'CARDINAL' and regexp_matches(text_after, '^\s*-?\s*(years?|months?|weeks?|days?|hours?|minutes?)\b'))
        -- a number word that refers back: "the two leaders", "these two countries"
        and not (number_type = 'CARDINAL' and stated_qualifier = 'exact'
                 and regexp_matches(number_text, '^[a-z]+$')
                 and regexp_matches(text_before, '\b(the|these|those|both|all)\s+$'))
)

select * from figures
