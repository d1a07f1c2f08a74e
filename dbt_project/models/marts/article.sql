{{ config(materialized='incremental', on_schema_change='fail') }}

with

articles as (
    select * from {{ ref('stg_raw__articles') }}
    {{ only_new_articles() }}
),

stories as (
    select * from {{ ref('stg_raw__story_members') }}
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
        cast({{ wirehouse_list_length(wirehouse_regexp_split('trim(body)', "'\\s+'")) }} as integer) as word_count,
        language,
        encoding,
        coalesce(stories.story_id, articles.article_id) as story_id
    from articles
    left join stories using (article_id)
)

select * from final
