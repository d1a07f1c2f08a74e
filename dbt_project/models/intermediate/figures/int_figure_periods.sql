-- The period each figure covers, when its sentence says: "in the first 10 months of
-- this year" in an article of 2021-12-14 is 2021-01-01..2021-10-31; "last year",
-- "in 2019", "in the first quarter", "since 2013" likewise (seed: period_patterns).
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('period_patterns') }}

with

figures as (
    select * from {{ ref('int_figures_classified') }}
    {{ only_new_articles() }}
),

sentences as (
    select * from {{ ref('stg_raw__sentences') }}
),

articles as (
    select article_id, body, published_date from {{ ref('stg_raw__articles') }}
),

number_words as (
    select * from {{ ref('number_words') }}
),

in_sentence as (
    select
        figures.article_id,
        figures.start_char,
        articles.published_date,
        lower(substring(articles.body, sentences.start_char + 1, sentences.end_char - sentences.start_char)) as sentence,
    from figures
    inner join articles using (article_id)
    inner join sentences
        on sentences.article_id = figures.article_id
        and sentences.sentence_index = figures.sentence_index
    where articles.published_date is not null
),

-- each pattern is a constant, compiled once
matches as (
    {%- for period in seed_rows('period_patterns') %}
    select
        article_id,
        start_char,
        published_date,
        {{ literal(period['kind']) }} as kind,
        {{ period['priority'] }} as priority,
        regexp_extract(sentence, {{ literal(period['pattern']) }}, 1) as argument,
    from in_sentence
    where regexp_matches(sentence, {{ literal(period['pattern']) }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

best as (
    select
        article_id,
        start_char,
        any_value(published_date) as published_date,
        first(kind order by priority) as kind,
        first(argument order by priority) as argument,
    from matches
    group by article_id, start_char
),

with_numbers as (
    select
        best.*,
        coalesce(try_cast(best.argument as integer), cast(number_words.value as integer)) as n,
        year(best.published_date) as y,
    from best
    left join number_words on number_words.word = best.argument
),

resolved as (
    select
        article_id,
        start_char,
        case kind
            when 'first_months_this_year' then make_date(y, 1, 1)
            when 'quarter_this_year' then make_date(y, 3 * n - 2, 1)
            when 'half_this_year' then make_date(y, 6 * n - 5, 1)
            when 'since_year' then make_date(n, 1, 1)
            when 'named_year' then make_date(n, 1, 1)
            when 'last_year' then make_date(y - 1, 1, 1)
            when 'this_year' then make_date(y, 1, 1)
        end as period_start,
        case kind
            when 'first_months_this_year' then last_day(make_date(y, least(n, 12), 1))
            when 'quarter_this_year' then last_day(make_date(y, 3 * n, 1))
            when 'half_this_year' then last_day(make_date(y, 6 * n, 1))
            when 'since_year' then published_date
            when 'named_year' then make_date(n, 12, 31)
            when 'last_year' then make_date(y - 1, 12, 31)
            when 'this_year' then published_date
        end as period_end,
    from with_numbers
    where n is not null or kind in ('last_year', 'this_year')
)

select * from resolved
where period_start is not null and period_start <= period_end
