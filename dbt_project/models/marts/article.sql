{{ config(materialized='incremental', on_schema_change='fail') }}

with

articles as (
    select * from {{ ref('stg_raw__articles') }}
    {{ only_new_articles() }}
),

final as (
    select
        article_id,
        source_file,
        published_date,
        title,
        source,
        url,
        authors,
        body,
        cast(len(regexp_split_to_array(trim(body), '\s+')) as integer) as word_count,
    from articles
)

select * from final
