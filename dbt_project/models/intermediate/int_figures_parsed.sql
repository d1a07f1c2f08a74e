-- Number spans turned into figures: a qualifier ("more than") taken in from just
-- before the span, the number (digits or words) times its scale words, and the unit
-- normalized from the unit seed. Years, ages and numbers inside names ("Covid-19")
-- are not figures and are left out.
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('qualifiers') }}
-- depends_on: {{ ref('units') }}

with

spans as (
    select * from {{ ref('stg_raw__number_spans') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
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
        lower(substring(articles.body, greatest(spans.start_char - 30, 0) + 1,
                        spans.start_char - greatest(spans.start_char - 30, 0))) as text_before,
        lower(substring(articles.body, spans.end_char + 1, 20)) as text_after,
    from spans
    inner join articles using (article_id)
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
        coalesce(best_qualifier.qualifier, 'exact') as qualifier,
        in_context.span_start - coalesce(best_qualifier.before_chars, 0) as start_char,
        lower(substring(in_context.span_text, coalesce(best_qualifier.inside_chars, 0) + 1)) as number_text,
    from in_context
    left join best_qualifier using (article_id, span_start)
),

word_values as (
    select
        article_id,
        span_start,
        sum(number_words.value) filter (where number_words.kind = 'number') as word_number,
        product(number_words.value) filter (where number_words.kind = 'scale') as scale,
    from (
        select article_id, span_start, unnest(regexp_split_to_array(number_text, '[^a-z]+')) as word
        from qualified
    ) as words
    inner join number_words using (word)
    group by article_id, span_start
),

-- only money and quantities carry a unit word; each seed pattern is a constant
unit_matches as (
    {%- for unit in seed_rows('units') %}
    select
        article_id,
        span_start,
        {{ literal(unit['unit']) }} as unit,
        {{ unit['factor'] }}::double as factor,
        {{ literal(unit['kind']) }} as kind,
        length(regexp_extract(number_text, {{ literal(unit['pattern']) }})) as match_chars,
    from qualified
    where number_type in ('MONEY', 'QUANTITY')
        and regexp_matches(number_text, {{ literal(unit['pattern']) }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

best_unit as (
    select
        article_id,
        span_start,
        arg_max(unit, match_chars) as unit,
        arg_max(factor, match_chars) as factor,
        arg_max(kind, match_chars) as unit_kind,
    from unit_matches
    group by article_id, span_start
),

valued as (
    select
        qualified.*,
        coalesce(
            try_cast(replace(regexp_extract(qualified.number_text, '\d[\d,]*(\.\d+)?|\.\d+'), ',', '') as decimal(38, 6)),
            cast(word_values.word_number as decimal(38, 6))
        ) as number,
        coalesce(word_values.scale, 1) as scale,
        case
            when qualified.number_type = 'PERCENT' then 'percent'
            when qualified.number_type in ('CARDINAL', 'ORDINAL') then 'count'
            else best_unit.unit
        end as unit,
        case
            when qualified.number_type = 'PERCENT' then 'percent'
            when qualified.number_type in ('CARDINAL', 'ORDINAL') then 'count'
            else best_unit.unit_kind
        end as unit_kind,
        case
            when qualified.number_type in ('MONEY', 'QUANTITY') then coalesce(best_unit.factor, 1)
            else 1
        end as factor,
    from qualified
    left join word_values using (article_id, span_start)
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
        unit,
        unit_kind,
        qualifier,
    from valued
    where number is not null
        -- a year ("since 2013", "the 2014 Winter Olympics") is a date, not a figure
        and not (number_type = 'CARDINAL' and regexp_matches(trim(number_text), '^(1[5-9]|20)\d\d$'))
        -- a number inside a name: "Covid-19", "Siberia-2", "G-7"
        and not regexp_matches(text_before, '\pL-$')
        -- an age: "aged 69", "a 69-year-old"
        and not regexp_matches(text_before, '\baged?\s+$')
        and not regexp_matches(text_after, '^-?\s*years?[- ]old')
)

select * from figures
