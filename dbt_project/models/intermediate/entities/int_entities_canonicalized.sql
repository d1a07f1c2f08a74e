-- Each mention's entity as its own article names it: first the alias seed (matched on
-- the name's spelling key, so "U.S.", "US" and "u.s." are one alias; a row without an
-- entity_type applies whatever type the tagger gave), then, within the article,
--   - a short form of a person ("Xi", "Wang", "De Vido") resolves to the person named in
--     full there ("Xi Jinping", "Julio De Vido") whose first word or last words it is
--     (named before it, then the most mentioned) -- but a "Mr Blair" never to the
--     article's "Sir Ian Blair" (a knight or peer is not a Mr): then it stays as written;
--   - an organisation's leading words ("Control") resolve to the one organisation named in
--     full there before them ("Control Data Corp"); a short form tagged otherwise
--     ("Republic" as NORP) only to a company's name, one ending in a company word of the
--     entity_descriptors seed, kind suffix ("Republic Airlines"; not "Carib Indians");
--   - a one-word blend of the starts of an organisation's first two words ("Conrail": at
--     least three letters of "Consolidated", then the start of "Rail") resolves to it
--     the same way ("Consolidated Rail Corp");
--   - an acronym ("WTO") resolves to the organisation or place spelled out there whose
--     initials it is ("World Trade Organization"), or that it follows in brackets
--     ("International Cocoa Organization (ICCO)").
-- Per article and append-only: what other articles say (the most used spelling of a
-- name, the type most of its mentions have) is applied in int_entity_names_resolved and
-- the entity mart, never to these rows, so the entity id (the spelling key alone) stays
-- put. A lone "Putin" in an article that never names him in full stays "Putin": short
-- forms are not resolved across articles.
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('entity_descriptors') }}
{%- set suffixes = seed_rows('entity_descriptors', 'descriptor') | selectattr('kind', 'equalto', 'suffix')
                   | map(attribute='descriptor') | list %}

with

mentions as (
    select * from {{ ref('int_mentions_cleaned') }}
    {{ only_new_articles() }}
),

aliases as (
    select alias_key, entity_type, canonical_name, canonical_type
    from (
        select
            {{ name_key('alias') }} as alias_key,
            coalesce(entity_type, '') as entity_type,
            canonical_name,
            canonical_type,
            row_number() over (partition by {{ name_key('alias') }}, coalesce(entity_type, '')
                               order by canonical_name, canonical_type) as preference
        from {{ ref('entity_aliases') }}
    ) as ranked
    where preference = 1
),

-- a row for the mention's own type wins over a row for any type
matched_aliases as (
    select article_id, start_char, canonical_name, canonical_type
    from (
        select
            mentions.article_id,
            mentions.start_char,
            aliases.canonical_name,
            aliases.canonical_type,
            row_number() over (partition by mentions.article_id, mentions.start_char
                               order by aliases.entity_type = '') as preference
        from mentions
        inner join aliases
            on aliases.alias_key = {{ name_key('mentions.name') }}
            and aliases.entity_type in (mentions.entity_type, '')
    ) as ranked
    where preference = 1
),

-- a first name in brackets before a surname is the person's full name: "Prime Minister
-- (Brian) Mulroney" is Brian Mulroney, a person whatever the tagger called the surname, so
-- the article's other "Mulroney" is too
bracketed_first_names as (
    select surname.article_id, surname.start_char, first_name.name || ' ' || surname.name as full_name
    from mentions as first_name
    inner join mentions as surname
        on surname.article_id = first_name.article_id
        and surname.start_char = first_name.end_char + 2
    inner join {{ ref('stg_raw__articles') }} as articles
        on articles.article_id = first_name.article_id
    where first_name.entity_type = 'PERSON'
        and surname.entity_type in ('PERSON', 'ORG')
        and first_name.name not like '% %'
        and surname.name not like '% %'
        and substring(articles.body, first_name.start_char, 1) = '('
        and substring(articles.body, first_name.end_char + 1, 1) = ')'
),

aliased as (
    select
        mentions.*,
        coalesce(matched_aliases.canonical_name, bracketed_first_names.full_name, mentions.name) as alias_name,
        coalesce(matched_aliases.canonical_type, case when bracketed_first_names.full_name is not null then 'PERSON' end,
                 mentions.entity_type) as alias_type,
        matched_aliases.canonical_name is not null as is_alias
    from mentions
    left join matched_aliases using (article_id, start_char)
    left join bracketed_first_names using (article_id, start_char)
),

full_names as (
    select
        article_id,
        alias_name as full_name,
        {{ wirehouse_split('alias_name', "' '") }} as words,
        min(start_char) as first_start,
        count(*) as mentions,
        coalesce(bool_or(title in ('sir', 'lord', 'lady', 'dame', 'baroness', 'baron')), false) as is_knight_or_peer
    from aliased
    where alias_type = 'PERSON'
        and alias_name like '% %'
    group by article_id, alias_name
),

person_matches as (
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
        ) as preference
    from aliased
    inner join full_names
        on full_names.article_id = aliased.article_id
        and full_names.full_name <> aliased.alias_name
        and (aliased.alias_name = {{ wirehouse_list_get('full_names.words', 1) }}
             or full_names.full_name like '% ' || aliased.alias_name)
    where aliased.alias_type in ('PERSON', 'ORG')
        and not aliased.is_alias
        -- a knight or peer is not a "Mr": "Mr Blair" is not the article's "Sir Ian Blair"
        and not (full_names.is_knight_or_peer and coalesce(aliased.title, '') in ('mr', 'mrs', 'ms', 'miss'))
),

-- the person the article names in full (named before it, then the most mentioned)
short_form_candidates as (
    select article_id, start_char, full_name, preference
    from person_matches
    where preference = 1
),

org_full_names as (
    select
        article_id,
        alias_name as full_name,
        min(start_char) as first_start,
        -- a company's name ends in a company word (seed entity_descriptors, kind suffix);
        -- only such a name takes a short form the tagger did not call an organisation
        {{ wirehouse_regexp_matches('lower(alias_name)', literal(' (' ~ (suffixes | join('|')) ~ ')\\.?$')) }} as is_company,
        -- its first two words, when both are capitalised words: a blend of their starts is a short form
        -- of it ("Conrail" for "Consolidated Rail Corp")
        case when {{ wirehouse_regexp_matches('alias_name', "'^\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+'") }}
            then lower({{ wirehouse_list_get(wirehouse_split('alias_name', "' '"), 1) }}) end as first_word,
        case when {{ wirehouse_regexp_matches('alias_name', "'^\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+'") }}
            then lower({{ wirehouse_list_get(wirehouse_split('alias_name', "' '"), 2) }}) end as second_word
    from aliased
    where alias_type = 'ORG'
        and alias_name like '% %'
        and not is_alias
    group by article_id, alias_name
),

org_matches as (
    select
        aliased.article_id,
        aliased.start_char,
        org_full_names.full_name,
        count(*) over (partition by aliased.article_id, aliased.start_char) as candidates
    from aliased
    inner join org_full_names
        on org_full_names.article_id = aliased.article_id
        and org_full_names.first_start < aliased.start_char
        and (org_full_names.full_name like aliased.alias_name || ' %'
            -- an organisation's last word alone, after its full name ("the Community" after
            -- "European Community"; not the last of two joined by "and")
            or (aliased.alias_type = 'ORG' and aliased.alias_name not like '% %'
                and org_full_names.full_name like '% ' || aliased.alias_name
                and org_full_names.full_name not like '% and %')
            -- a blend of the starts of its first two words ("Conrail": Consolidated Rail Corp): at
            -- least three letters of the first word, then the second word's start
            or ({{ wirehouse_regexp_full_match('aliased.alias_name', "'\\p{Lu}\\p{Ll}{4,}'") }}
                and instr(substring(lower(aliased.alias_name), 4), left(org_full_names.second_word, 2)) > 0
                and org_full_names.first_word like left(lower(aliased.alias_name),
                    instr(substring(lower(aliased.alias_name), 4), left(org_full_names.second_word, 2)) + 2) || '%'
                and org_full_names.second_word like substring(lower(aliased.alias_name),
                    instr(substring(lower(aliased.alias_name), 4), left(org_full_names.second_word, 2)) + 3) || '%'))
    where aliased.alias_type in ('ORG', 'PERSON', 'GPE', 'NORP')
        and not aliased.is_alias
        and (aliased.alias_type = 'ORG' or org_full_names.is_company)
),

company_short_forms as (
    select article_id, start_char, full_name
    from org_matches
    where candidates = 1
),

-- names of several words and their initials, minor words left out:
-- "Organization of the Petroleum Exporting Countries" -> "opec"
spelled_out as (
    select
        article_id,
        alias_name as full_name,
        alias_type as full_type,
        {{ wirehouse_list_join(
            wirehouse_list_transform(
                wirehouse_list_filter(wirehouse_split(name_key('alias_name'), "' '"),
                            'word', "word not in ('of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', 'du', '&')"),
                'word', 'substring(word, 1, 1)'),
            "''") }} as initials,
        min(start_char) as first_start,
        count(*) as mentions
    from aliased
    where alias_type in ('ORG', 'GPE', 'LOC', 'FAC')
        and {{ name_key('alias_name') }} like '% %'
    group by article_id, alias_name, alias_type
),

-- an acronym in brackets or commas right after a name is that name, whatever its initials:
-- "International Cocoa Organization (ICCO)", "The National Association of Wheat Growers, NAWG,";
-- the brackets or commas must close after it ("attacks in the United States, BA has cut" is no
-- short form: BA starts the next clause)
bracketed as (
    select
        short.article_id,
        {{ name_key('short.alias_name') }} as initials,
        {{ wirehouse_first_by('expanded.alias_name', ['expanded.start_char']) }} as full_name,
        {{ wirehouse_first_by('expanded.alias_type', ['expanded.start_char']) }} as full_type
    from aliased as short
    inner join aliased as expanded
        on expanded.article_id = short.article_id
        and short.start_char = expanded.end_char + 2
        and expanded.alias_name like '% %'
        -- (or a name the tagger read as a person whose initials it is: "Internet Explorer (IE)")
        and (expanded.alias_type in ('ORG', 'GPE', 'LOC', 'FAC')
             or (expanded.alias_type = 'PERSON' and {{ name_key('short.alias_name') }} = {{ wirehouse_list_join(
                    wirehouse_list_transform(wirehouse_split(name_key('expanded.alias_name'), "' '"),
                                             'word', 'substring(word, 1, 1)'), "''") }}))
    inner join {{ ref('stg_raw__articles') }} as articles
        on articles.article_id = short.article_id
    where {{ wirehouse_regexp_full_match('short.alias_name', "'([A-Z]\\.?){2,8}'") }}
        and (
            (substring(articles.body, expanded.end_char + 1, 2) = ' (' and substring(articles.body, short.end_char + 1, 1) = ')')
            or (substring(articles.body, expanded.end_char + 1, 2) = ', ' and substring(articles.body, short.end_char + 1, 1) = ',')
        )
    group by all
),

acronym_candidates as (
    select
        aliased.article_id,
        aliased.start_char,
        expansions.full_name,
        expansions.full_type,
        expansions.rank,
        row_number() over (
            partition by aliased.article_id, aliased.start_char
            order by expansions.rank, expansions.mentions desc, expansions.first_start, expansions.full_name
        ) as preference
    from aliased
    inner join (
        select article_id, initials, full_name, full_type, 1 as rank, mentions, first_start from spelled_out
        union all
        select article_id, initials, full_name, full_type, 0 as rank, 0 as mentions, 0 as first_start from bracketed
    ) as expansions
        on expansions.article_id = aliased.article_id
        and expansions.initials = {{ name_key('aliased.alias_name') }}
    -- (an acronym right after its name, "The National Association of Wheat Growers, NAWG,",
    -- is that name even when the annotator typed it a person)
    where (aliased.alias_type in ('ORG', 'GPE', 'LOC', 'FAC', 'NORP')
            or (aliased.alias_type = 'PERSON' and expansions.rank = 0))
        and not aliased.is_alias
        and {{ wirehouse_regexp_full_match('aliased.alias_name', "'([A-Z]\\.?){2,8}'") }}
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
        aliased.type_cue,
        -- an acronym in brackets right after its name is that name before any other reading ("IE" after
        -- "Internet Explorer (IE)" is not the last word of the article's "Microsoft IE")
        coalesce(case when acronym_candidates.rank = 0 then acronym_candidates.full_name end,
                 short_form_candidates.full_name, company_short_forms.full_name, acronym_candidates.full_name,
                 aliased.alias_name) as entity_name,
        case
            when acronym_candidates.rank = 0 then acronym_candidates.full_type
            when short_form_candidates.full_name is not null then 'PERSON'
            when company_short_forms.full_name is not null then 'ORG'
            when acronym_candidates.full_name is not null then acronym_candidates.full_type
            else aliased.alias_type
        end as entity_type,
        case
            when acronym_candidates.rank = 0 then 'acronym'
            when short_form_candidates.full_name is not null then 'short_form'
            when company_short_forms.full_name is not null then 'short_form'
            when acronym_candidates.full_name is not null then 'acronym'
            when aliased.is_alias then 'alias'
        end as resolved_by
    from aliased
    left join short_form_candidates
        on short_form_candidates.article_id = aliased.article_id
        and short_form_candidates.start_char = aliased.start_char
        and short_form_candidates.preference = 1
    left join company_short_forms
        on company_short_forms.article_id = aliased.article_id
        and company_short_forms.start_char = aliased.start_char
    left join acronym_candidates
        on acronym_candidates.article_id = aliased.article_id
        and acronym_candidates.start_char = aliased.start_char
        and acronym_candidates.preference = 1
),

spelled as (
    select
        *,
        {{ name_key('entity_name') }} as spelling_key
    from canonicalized
),

-- a person's first name in its formal spelling (seed nicknames: "Bill" is "William"),
-- so "Bill Clinton" and "William Clinton" share a key
keyed as (
    select
        spelled.article_id,
        spelled.start_char,
        spelled.end_char,
        spelled.mention_text,
        spelled.sentence_index,
        spelled.surface_name,
        spelled.surface_type,
        spelled.type_cue,
        spelled.entity_name,
        spelled.entity_type,
        spelled.resolved_by,
        case
            when spelled.entity_type = 'PERSON' and nicknames.name is not null
                then nicknames.name || substring(spelled.spelling_key, length(nicknames.nickname) + 1)
            else spelled.spelling_key
        end as name_key
    from spelled
    left join {{ ref('nicknames') }} as nicknames
        on nicknames.nickname = split_part(spelled.spelling_key, ' ', 1)
        and spelled.spelling_key like '% %'
),

-- the id of the entity: one per spelling key, whatever type the tagger gave the mention
-- (the entity mart takes the type most of its mentions have), so a mention keeps its id
-- whatever spelling or type later names the entity
final as (
    select
        *,
        {{ short_hash(['name_key']) }} as entity_id
    from keyed
)

select * from final
