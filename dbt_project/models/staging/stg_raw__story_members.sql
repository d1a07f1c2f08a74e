with

source as (
    select * from {{ source('raw', 'story_member') }}
),

renamed as (
    select
        article_id,
        story_id,
        similarity
    from source
)

select * from renamed
