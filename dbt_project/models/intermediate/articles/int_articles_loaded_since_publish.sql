-- The articles loaded since the last publish: what an incremental build adds
-- (only_new_articles). A build that fails publishes nothing, so the next one sees them
-- again. Rebuilt whole on every build: a few ids, read before any per-article model.

with

input_files as (
    select * from {{ ref('stg_raw__input_files') }}
),

publish_state as (
    select * from {{ ref('stg_raw__publish_state') }}
),

loaded_since_publish as (
    select input_files.article_id
    from input_files
    where input_files.outcome = 'loaded'
        and input_files.seen_at > (select coalesce(max(published_at), cast('0001-01-01' as timestamp)) from publish_state)
)

select * from loaded_since_publish
