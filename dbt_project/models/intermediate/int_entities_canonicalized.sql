-- Each mention gets its canonical entity: first the alias seed, then, within an
-- article, a one-word name ("Xi", "Wang") resolves to the person named in full there
-- ("Xi Jinping") whose first or last word it is. The same canonical name and type
-- give the same entity_id in every article.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

mentions as (
    select * from {{ ref('int_mentions_cleaned') }}
    {{ only_new_articles() }}
),

aliases as (
    select
        lower(alias) as alias_key,
        entity_type,
        canonical_name,
        canonical_type,
    from {{ ref('entity_aliases') }}
),

aliased as (
    select
        mentions.*,
        coalesce(aliases.canonical_name, mentions.name) as alias_name,
        coalesce(aliases.canonical_type, mentions.entity_type) as alias_type,
    from mentions
    left join aliases
        on aliases.alias_key = lower(mentions.name)
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
        and aliased.alias_name not like '% %'
),

canonicalized as (
    select
        aliased.article_id,
        aliased.start_char,
        aliased.end_char,
        aliased.mention_text,
        aliased.sentence_index,
        coalesce(short_form_candidates.full_name, aliased.alias_name) as entity_name,
        case
            when short_form_candidates.full_name is not null then 'PERSON'
            else aliased.alias_type
        end as entity_type,
    from aliased
    left join short_form_candidates
        on short_form_candidates.article_id = aliased.article_id
        and short_form_candidates.start_char = aliased.start_char
        and short_form_candidates.preference = 1
)

select
    *,
    {{ short_hash(['entity_type', 'entity_name']) }} as entity_id,
from canonicalized
