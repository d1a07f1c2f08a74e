-- Each mention's entity as its own article names it: first the alias seed (matched on
-- the name's spelling key, so "U.S.", "US" and "u.s." are one alias), then, within the
-- article,
--   - a one-word name ("Xi", "Wang") resolves to the person named in full there
--     ("Xi Jinping") whose first or last word it is;
--   - an acronym ("WTO") resolves to the organisation or place spelled out there whose
--     initials it is ("World Trade Organization").
-- Per article and append-only: what other articles say (the most used spelling of a
-- name) is applied in int_entity_names_resolved and the entity mart, never to these
-- rows, so the entity id (type and spelling key) stays put. A lone "Putin" in an article
-- that never names him in full stays "Putin": short forms are not resolved across articles.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

mentions as (
    select * from {{ ref('int_mentions_cleaned') }}
    {{ only_new_articles() }}
),

aliases as (
    select
        {{ name_key('alias') }} as alias_key,
        entity_type,
        canonical_name,
        canonical_type,
    from {{ ref('entity_aliases') }}
    qualify row_number() over (partition by alias_key, entity_type order by canonical_name, canonical_type) = 1
),

aliased as (
    select
        mentions.*,
        coalesce(aliases.canonical_name, mentions.name) as alias_name,
        coalesce(aliases.canonical_type, mentions.entity_type) as alias_type,
        aliases.alias_key is not null as is_alias,
    from mentions
    left join aliases
        on aliases.alias_key = {{ name_key('mentions.name') }}
        and aliases.entity_type = mentions.entity_type
),

full_names as (
    select
        article_id,
        alias_name as full_name,
        string_split(alias_name, ' ') as words,
        min(start_char) as first_start,
        count(*) as mentions,
    from aliased
    where alias_type = 'PERSON'
        and alias_name like '% %'
    group by article_id, alias_name
),

short_form_candidates as (
    select
        aliased.article_id,
        aliased.start_char,
        full_names.full_name,
        row_number() over (
            partition by aliased.article_id, aliased.start_char
            order by
                full_names.first_start > aliased.start_char,
                full_names.mentions desc,
                full_names.full_name
        ) as preference,
    from aliased
    inner join full_names
        on full_names.article_id = aliased.article_id
        and (aliased.alias_name = full_names.words[1] or aliased.alias_name = full_names.words[-1])
    where aliased.alias_type in ('PERSON', 'ORG')
        and not aliased.is_alias
        and aliased.alias_name not like '% %'
),

-- names of several words and their initials, minor words left out:
-- "Organization of the Petroleum Exporting Countries" -> "opec"
spelled_out as (
    select
        article_id,
        alias_name as full_name,
        alias_type as full_type,
        list_aggregate(
            list_transform(
                list_filter(string_split({{ name_key('alias_name') }}, ' '),
                            lambda word: word not in ('of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', 'du', '&')),
                lambda word: word[1]),
            'string_agg', '') as initials,
        min(start_char) as first_start,
        count(*) as mentions,
    from aliased
    where alias_type in ('ORG', 'GPE', 'LOC', 'FAC')
        and {{ name_key('alias_name') }} like '% %'
    group by article_id, alias_name, alias_type
),

acronym_candidates as (
    select
        aliased.article_id,
        aliased.start_char,
        spelled_out.full_name,
        spelled_out.full_type,
        row_number() over (
            partition by aliased.article_id, aliased.start_char
            order by spelled_out.mentions desc, spelled_out.first_start, spelled_out.full_name
        ) as preference,
    from aliased
    inner join spelled_out
        on spelled_out.article_id = aliased.article_id
        and spelled_out.initials = {{ name_key('aliased.alias_name') }}
    where aliased.alias_type in ('ORG', 'GPE', 'LOC', 'FAC', 'NORP')
        and not aliased.is_alias
        and regexp_full_match(aliased.alias_name, '([A-Z]\.?){2,8}')
),

canonicalized as (
    select
        aliased.article_id,
        aliased.start_char,
        aliased.end_char,
        aliased.mention_text,
        aliased.sentence_index,
        aliased.alias_name as surface_name,
        aliased.alias_type as surface_type,
        coalesce(short_form_candidates.full_name, acronym_candidates.full_name, aliased.alias_name) as entity_name,
        case
            when short_form_candidates.full_name is not null then 'PERSON'
            when acronym_candidates.full_name is not null then acronym_candidates.full_type
            else aliased.alias_type
        end as entity_type,
        case
            when short_form_candidates.full_name is not null then 'short_form'
            when acronym_candidates.full_name is not null then 'acronym'
            when aliased.is_alias then 'alias'
        end as resolved_by,
    from aliased
    left join short_form_candidates
        on short_form_candidates.article_id = aliased.article_id
        and short_form_candidates.start_char = aliased.start_char
        and short_form_candidates.preference = 1
    left join acronym_candidates
        on acronym_candidates.article_id = aliased.article_id
        and acronym_candidates.start_char = aliased.start_char
        and acronym_candidates.preference = 1
),

keyed as (
    select
        *,
        {{ name_key('entity_name') }} as name_key,
    from canonicalized
),

-- the id of the entity: one per (type, spelling key), the same int_entity_names_resolved
-- gives it, so a mention keeps its id whatever spelling later names the entity
final as (
    select
        *,
        {{ short_hash(['entity_type', 'name_key']) }} as entity_id,
    from keyed
)

select * from final
