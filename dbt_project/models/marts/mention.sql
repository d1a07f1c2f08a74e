{{ config(materialized='incremental', on_schema_change='fail') }}

with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
    {{ only_new_articles() }}
),

final as (
    select
        {{ short_hash(['article_id', 'start_char', 'end_char']) }} as mention_id,
        article_id,
        entity_id,
        mention_text,
        start_char,
        end_char,
        sentence_index,
    from mentions
)

select * from final
