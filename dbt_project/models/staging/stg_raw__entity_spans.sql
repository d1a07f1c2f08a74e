with

source as (
    select * from {{ source('raw', 'entity_span') }}
),

renamed as (
    select
        article_id,
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        span_text,
        label as entity_type,
        cast(sentence_index as integer) as sentence_index,
        annotator,
        annotator_version
    from source
)

select * from renamed
