with

source as (
    select * from {{ source('raw', 'article') }}
),

renamed as (
    select
        article_id,
        source_file,
        source_path,
        cast(published_date as date) as published_date,
        date_source,
        title,
        source,
        url,
        cast(authors as {{ wirehouse_text_list() }}) as authors,
        body,
        language,
        encoding,
        loaded_at
    from source
)

select * from renamed
