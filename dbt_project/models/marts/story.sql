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
        arg_max(title, article_id = story_id) as title,
        list(distinct source order by source) filter (where source is not null) as sources,
    from articles
    group by story_id
)

select * from final
