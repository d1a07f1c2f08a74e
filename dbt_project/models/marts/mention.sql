-- Per article and append-only: the entity id is the hash of the mention's type and
-- spelling key (int_entities_canonicalized), which no later article changes; the
-- entity's name, the most used spelling, lives in the entity mart.
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
