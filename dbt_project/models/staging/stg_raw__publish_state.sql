with

source as (
    select * from {{ source('raw', 'publish_state') }}
),

last_publish as (
    select max(value::timestamp) as published_at
    from source
    where key = 'published_at'
)

select * from last_publish
