-- One row per name the articles use (its spelling key, name_key), with its entity:
-- spelling variants share a key (case, diacritics, dots, apostrophes, hyphens, "&" and
-- "and", a leading "the": "U.S."/"US", "Al-Qaeda"/"al Qaeda", "José"/"Jose") and are one
-- entity, named by their most used spelling (one in capitals only, or with a leading
-- "The", only when there is no other).
-- One name is one entity whatever type the tagger gave each mention: its type is the one
-- an alias seed row gives it, else ORG for a name ending in a company or organisation
-- word (seed entity_descriptors, kinds suffix and org_word), else the type the words
-- around its mentions give most often (`type_cue`: "rock band Korn"), else the type most of its
-- mentions have (ties: GPE, then
-- ORG, PERSON, LOC, NORP, then the rest by name). NORP "Russian" and GPE "Russia" stay
-- apart because their names differ; real homonyms ("Chelsea" the club and the place) are
-- told apart by the alias seed, which gives them different names.
-- Rebuilt whole on every build (a new spelling or a new majority can rename or retype an
-- entity; its id stays).
-- depends_on: {{ ref('entity_descriptors') }}
{%- set org_words = seed_rows('entity_descriptors', 'descriptor') | selectattr('kind', 'in', ['suffix', 'org_word'])
                    | map(attribute='descriptor') | list %}

with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

spellings as (
    select
        name_key,
        entity_name,
        count(*) as mentions
    from mentions
    group by all
),

names as (
    select
        name_key,
        {{ wirehouse_first_by('entity_name', [
            "entity_name = upper(entity_name) and entity_name <> lower(entity_name)",
            "entity_name like 'The %'",
            "mentions desc",
            "entity_name"]) }} as entity_name,
        count(*) as spellings,
        sum(mentions) as mentions
    from spellings
    group by name_key
),

type_votes as (
    select
        name_key,
        entity_type,
        count(*) filter (where resolved_by = 'alias') as alias_mentions,
        count(*) as mentions
    from mentions
    group by all
),

-- the type the words around its mentions give a name ("rock band Korn": ORG), when any do
cue_votes as (
    select name_key, type_cue, count(*) as cues
    from mentions
    -- a short form's cue is about the short form ("the biopic Ray"), not the full name
    where type_cue is not null and resolved_by is distinct from 'short_form'
    group by name_key, type_cue
),

cue_types as (
    select name_key, {{ wirehouse_first_by('type_cue', ['cues desc', 'type_cue']) }} as cue_type
    from cue_votes
    group by name_key
),

types as (
    select
        name_key,
        {{ wirehouse_first_by('entity_type', [
            "alias_mentions desc",
            "mentions desc",
            "case entity_type when 'GPE' then 1 when 'ORG' then 2 when 'PERSON' then 3 when 'LOC' then 4
                             when 'NORP' then 5 else 6 end",
            "entity_type"]) }} as entity_type,
        count(*) as types,
        sum(alias_mentions) > 0 as is_aliased
    from type_votes
    group by name_key
),

final as (
    select
        names.name_key,
        {{ short_hash(['names.name_key']) }} as entity_id,
        names.entity_name,
        -- a name that ends in a company or organisation word ("Hercules Inc", "Labour
        -- Party") is an organisation, unless an alias seed row says otherwise
        case
            when not types.is_aliased
                and {{ wirehouse_regexp_matches('lower(names.entity_name)', literal(' (' ~ (org_words | join('|')) ~ ')\\.?$')) }}
                then 'ORG'
            -- then the type its cues give, for the types a cue can give
            when not types.is_aliased and cue_types.cue_type is not null then cue_types.cue_type
            else types.entity_type
        end as entity_type,
        names.spellings,
        types.types,
        names.mentions,
        case when names.spellings > 1 then 'spelling' end as resolved_by
    from names
    inner join types using (name_key)
    left join cue_types using (name_key)
)

select * from final
