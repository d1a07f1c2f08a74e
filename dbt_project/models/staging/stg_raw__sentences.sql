with

source as (
    select * from {{ source('raw', 'sentence') }}
),

renamed as (
    select
        article_id,
        cast(sentence_index as integer) as sentence_index,
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char
    from source
)

select * from renamed
