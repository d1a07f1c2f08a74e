with

source as (
    select * from {{ source('raw', 'input_file') }}
),

renamed as (
    select
        input_key,
        run_id,
        path,
        source_file,
        content_hash,
        size_bytes,
        outcome,
        article_id,
        reason,
        seen_at
    from source
)

select * from renamed
