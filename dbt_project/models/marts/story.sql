-- One row per story: a cluster of near-duplicate articles (syndicated copies of one text).
-- Rebuilt whole each build (a new copy joins an old story).
with

articles as (
    select * from {{ ref('article') }}
),

final as (
    select
        story_id,
        cast(count(*) as integer) as article_count,
        min(published_date) as first_published_date,
        max(published_date) as last_published_date,
        max_by(title, article_id = story_id) as title,
        {{ wirehouse_sorted_set('source') }} as sources
    from articles
    group by story_id
)

select * from final
