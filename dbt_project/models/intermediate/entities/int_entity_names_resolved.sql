-- One row per name the articles use, (entity_type, name_key), with its entity: spelling
-- variants share a key (case, diacritics, dots, apostrophes, hyphens, a leading "the":
-- "U.S."/"US", "Al-Qaeda"/"al Qaeda", "José"/"Jose") and are one entity, named by
-- their most used spelling (one in capitals only, or with a leading "The", only when
-- there is no other). Types are never merged: NORP "Russian" and GPE "Russia" stay
-- apart, and so do the ORG and the GPE a tagger gives one name.
-- Rebuilt whole on every build (a new spelling can rename an entity; its id stays).
with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

spellings as (
    select
        entity_type,
        name_key,
        entity_name,
        count(*) as mentions,
    from mentions
    group by all
),

names as (
    select
        entity_type,
        name_key,
        first(entity_name order by
            entity_name = upper(entity_name) and entity_name <> lower(entity_name),
            entity_name like 'The %',
            mentions desc,
            entity_name) as entity_name,
        count(*) as spellings,
        sum(mentions) as mentions,
    from spellings
    group by entity_type, name_key
),

final as (
    select
        entity_type,
        name_key,
        {{ short_hash(['entity_type', 'name_key']) }} as entity_id,
        entity_name,
        spellings,
        mentions,
        case when spellings > 1 then 'spelling' end as resolved_by,
    from names
)

select * from final
