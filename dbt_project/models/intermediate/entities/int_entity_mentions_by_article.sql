-- Each entity once per article that mentions it: how many mentions, the article's date,
-- and when the build that added the row started (counted_at). Per article and
-- append-only, like the mentions (read through int_entity_sentences_by_article); entity_summary adds up the rows added since it last ran.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

sentences as (
    select * from {{ ref('int_entity_sentences_by_article') }}
    {{ only_new_articles() }}
),

counted as (
    select
        article_id,
        entity_id,
        sum(mentions) as mentions,
        published_date
    from sentences
    group by article_id, entity_id, published_date
),

final as (
    select
        counted.article_id,
        counted.entity_id,
        counted.mentions,
        counted.published_date,
        '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'::timestamp as counted_at
    from counted
)

select * from final
