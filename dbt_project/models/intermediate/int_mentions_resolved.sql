-- Every mention with its corpus-wide entity: the article's own reading
-- (int_entities_canonicalized), then a short form resolved from other articles
-- (int_short_forms_resolved), else the entity of its spelling (int_entity_names_resolved).
-- Rebuilt whole on every build, so a new article that resolves an old article's
-- "Putin" changes the old mention too, and an incremental build equals a full refresh.
with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

names as (
    select * from {{ ref('int_entity_names_resolved') }}
),

short_forms as (
    select * from {{ ref('int_short_forms_resolved') }}
),

resolved as (
    select
        mentions.article_id,
        mentions.start_char,
        mentions.end_char,
        mentions.mention_text,
        mentions.sentence_index,
        coalesce(short_forms.entity_name, names.entity_name) as entity_name,
        coalesce(short_forms.canonical_type, names.entity_type) as entity_type,
        coalesce(short_forms.entity_id, names.entity_id) as entity_id,
        coalesce(short_forms.resolved_by, mentions.resolved_by, names.resolved_by) as resolved_by,
    from mentions
    inner join names using (entity_type, name_key)
    left join short_forms using (article_id, entity_type, name_key)
)

select * from resolved
