-- One row per entity: how many mentions, in how many articles, first and last seen (by
-- the articles' published dates). No name: an entity's name can change (join `entity`).
--
-- Incremental: articles never change and new ones are disjoint from old ones, so an
-- incremental build adds up only the rows int_entity_mentions_by_article gained since
-- this table last counted (counted_at after the newest counted_through here) and merges
-- them into the touched entities' old rows: counts add, first/last are min/max. A build
-- that failed after this model ran does not count its articles twice: they carry that
-- build's counted_at, which counted_through has already reached. A full refresh counts
-- everything; wirehouse always full-refreshes both models together.
--
-- On Spark (plain Parquet, no row-level delete) the table is rebuilt whole instead: a small
-- mart, one row per entity (docs/spark.md, "Incremental strategy").
{% if target.type == 'spark' -%}
{{ config(materialized='table') }}
{%- else -%}
{{ config(materialized='incremental', unique_key='entity_id', incremental_strategy='delete+insert',
          on_schema_change='fail') }}
{%- endif %}

with

entity_articles as (
    select * from {{ ref('int_entity_mentions_by_article') }}
    {%- if is_incremental() %}
    where counted_at > (select coalesce(max(counted_through), cast('0001-01-01' as timestamp)) from {{ this }})
    {%- endif %}
),

counted as (
    select
        entity_id,
        sum(mentions) as mentions,
        count(*) as articles,
        min(published_date) as first_seen,
        max(published_date) as last_seen,
        max(counted_at) as counted_through
    from entity_articles
    group by entity_id
),

{% if is_incremental() -%}
merged as (
    select
        counted.entity_id,
        counted.mentions + coalesce(previous.mentions, 0) as mentions,
        counted.articles + coalesce(previous.articles, 0) as articles,
        least(counted.first_seen, previous.first_seen) as first_seen,
        greatest(counted.last_seen, previous.last_seen) as last_seen,
        counted.counted_through
    from counted
    left join {{ this }} as previous using (entity_id)
),
{%- else -%}
merged as (
    select * from counted
),
{%- endif %}

final as (
    select
        entity_id,
        cast(mentions as bigint) as mentions,
        cast(articles as bigint) as articles,
        first_seen,
        last_seen,
        counted_through
    from merged
)

select * from final
