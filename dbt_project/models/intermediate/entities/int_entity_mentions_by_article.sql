-- Each entity once per article that mentions it: how many mentions, the article's date,
-- and when the build that added the row started (counted_at). Per article and
-- append-only, like the mentions (int_entities_canonicalized); entity_summary adds up the rows added since it last ran.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, published_date from {{ ref('stg_raw__articles') }}
),

counted as (
    select
        article_id,
        entity_id,
        count(*) as mentions
    from mentions
    group by article_id, entity_id
),

final as (
    select
        counted.article_id,
        counted.entity_id,
        counted.mentions,
        articles.published_date,
        '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'::timestamp as counted_at
    from counted
    inner join articles using (article_id)
)

select * from final
