-- Per article and append-only: the entity id is the hash of the mention's spelling key
-- (int_entities_canonicalized), which no later article changes; the entity's name (the
-- most used spelling) and type (its alias's, else most of its mentions') live in the
-- entity mart. mention_type is the type this mention has in its own sentence (the
-- tagger's, or its alias's or the full name's its article resolves it to): a name's
-- mentions can differ ("Chicago" the city and the team), its entity has one type.
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
        entity_type as mention_type,
        mention_text,
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        sentence_index
    from mentions
)

select * from final
