-- The parties a meeting clause names by the people who act for them or as a pair (the gold guidelines:
-- "a government, a country's team or its officials are the country"):
-- where a party stands in the clause (its subject, at the start or after "when", "before" ..., or after "with", "between",
-- "and", "met" ...; not "want the government to"):
--   1. a demonym before a government's or a team's word ("the Japanese delegation", "an
--      Argentine mission", "Philippine officials"): the country of the demonym (seed
--      demonyms), unless a person's name follows ("Japanese Trade Minister Hajime
--      Tamura" is the person);
--   2. "the government", "the ministry", "the authorities" with no country named with it
--      ("the government of India" names India): the article's country, the country it
--      names most (by its name or its demonym);
--   3. "the two countries", "both nations": the two countries the article names most; "the
--      two departments", "both companies": the two organisations it names most; they are
--      the clause's only parties.
-- participant_name is the country's name, entity_id the country's entity when a mention
-- names it, referred_by the rule (demonym, government, pair); ref_start and ref_end (0-based, in the body) cover the words that refer to it,
-- so the group those words make ("delegation") is no party of its own
-- (int_meeting_participants).
-- depends_on: {{ ref('demonyms') }}

{%- set acting = 'government|delegation|delegations|mission|team|officials|negotiators|authorities|side|administration|'
    ~ 'ministry|cabinet|envoys|diplomats|ministers|leaders|representatives|delegates' %}
{#- where a party stands in the clause: its subject, at the start, or after "with", "between",
    "and" or the meeting verb -#}
{%- set party_position = "(?:^\\s*(?:(?:but|and|meanwhile|now|also|so)\\s+)?|\\b(?:with|between|and|met|meet|meets|meeting|before|after|until|when|while|whether|once|if|that)\\s+)" %}
{%- set governments = party_position ~ "the\\s+(?:government|ministry|authorities)\\b" %}
{#- a pair is the subject, or follows the meeting word's "with" or "between" ("talks between the two
    countries"; not "trust between the two countries") -#}
{%- set pair_position = "(?:^\\s*(?:(?:but|and|meanwhile|now|also|so)\\s+)?|\\b(?:before|after|until|when|while|whether|once|if|that)\\s+|"
    ~ "\\b(?:talks|meeting|meetings|negotiations|summit|met|meet|meets)\\s+(?:with|between)\\s+)" %}
{%- set two_countries = pair_position ~ "(?:the two|both)\\s+(?:countries|nations|governments)\\b" %}
{%- set two_bodies = pair_position ~ "(?:the two|both)\\s+(?:departments|companies|firms|banks|agencies|ministries|organi[sz]ations|unions|institutions|groups)\\b" %}

with

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

demonyms as (
    select lower(demonym) as demonym, country from {{ ref('demonyms') }}
),

countries as (
    select distinct country from demonyms
),

names as (
    select entity_id, entity_type, entity_name from {{ ref('int_entity_names_resolved') }}
),

mentions as (
    select canonicalized.article_id, canonicalized.start_char, canonicalized.end_char, canonicalized.mention_text,
           canonicalized.entity_id, names.entity_type, names.entity_name
    from {{ ref('int_entities_canonicalized') }} as canonicalized
    inner join names using (entity_id)
),

country_entities as (
    select names.entity_name as country, min(names.entity_id) as entity_id
    from names
    inner join countries on countries.country = names.entity_name
    where names.entity_type = 'GPE'
    group by names.entity_name
),

clause_texts as (
    select
        clauses.article_id,
        clauses.start_char,
        clauses.clause_start,
        lower(substring(articles.body, clauses.clause_start + 1, clauses.clause_end - clauses.clause_start)) as lowered
    from clauses
    inner join articles using (article_id)
),

-- the countries an article names, by name or demonym, and how often
article_countries as (
    select article_id, country, count(*) as times, min(start_char) as first_char
    from (
        select mentions.article_id, mentions.start_char, mentions.entity_name as country
        from mentions
        inner join countries on countries.country = mentions.entity_name
        where mentions.entity_type = 'GPE'
        union all
        select mentions.article_id, mentions.start_char, demonyms.country
        from mentions
        inner join demonyms on demonyms.demonym = lower(mentions.mention_text)
        where mentions.entity_type = 'NORP'
    ) as named
    group by article_id, country
),

ranked_countries as (
    select
        article_id,
        country,
        row_number() over (partition by article_id order by times desc, first_char) as country_rank
    from article_countries
),

-- the organisations an article names, and how often
ranked_bodies as (
    select
        article_id,
        entity_id,
        entity_name,
        row_number() over (partition by article_id order by times desc, first_char) as body_rank
    from (
        select article_id, entity_id, entity_name, count(*) as times, min(start_char) as first_char
        from mentions
        where entity_type = 'ORG' and lower(mention_text) not in ('reuter', 'reuters')
        group by article_id, entity_id, entity_name
    ) as counted
),

-- 1. "the Japanese delegation"
by_demonym as (
    select
        clause_texts.article_id,
        clause_texts.start_char,
        demonyms.country,
        clause_texts.clause_start + instr(clause_texts.lowered, {{ wirehouse_regexp_extract(
            'clause_texts.lowered',
            literal(party_position ~ '(?:(?:the|an?|its|their)\\s+)?') ~ " || demonyms.demonym || '\\s+(?:[a-z-]+\\s+)?(?:" ~ acting ~ ")\\b'") }}) - 1 as ref_start,
        length({{ wirehouse_regexp_extract(
            'clause_texts.lowered',
            literal(party_position ~ '(?:(?:the|an?|its|their)\\s+)?') ~ " || demonyms.demonym || '\\s+(?:[a-z-]+\\s+)?(?:" ~ acting ~ ")\\b'") }}) as ref_length
    from clause_texts
    inner join demonyms on instr(clause_texts.lowered, demonyms.demonym) > 0
    where {{ wirehouse_regexp_matches(
        'clause_texts.lowered',
        literal(party_position ~ '(?:(?:the|an?|its|their)\\s+)?') ~ " || demonyms.demonym || '\\s+(?:[a-z-]+\\s+)?(?:" ~ acting ~ ")\\b'") }}
),

-- a person named right after the words is the party ("Japanese Trade Minister Hajime Tamura")
by_demonym_named as (
    select distinct by_demonym.article_id, by_demonym.start_char, by_demonym.ref_start
    from by_demonym
    inner join mentions
        on mentions.article_id = by_demonym.article_id
        and mentions.entity_type = 'PERSON'
        and mentions.start_char >= by_demonym.ref_start + by_demonym.ref_length
        and mentions.start_char <= by_demonym.ref_start + by_demonym.ref_length + 3
),

-- 2. "the government"
governments as (
    select
        article_id,
        start_char,
        clause_start + instr(lowered, {{ wirehouse_regexp_extract('lowered', literal(governments)) }}) - 1
            as ref_start,
        length({{ wirehouse_regexp_extract('lowered', literal(governments)) }}) as ref_length
    from clause_texts
    where {{ wirehouse_regexp_matches('lowered', literal(governments)) }}
        and not {{ wirehouse_regexp_matches('lowered', "'\\bthe\\s+(government|ministry|authorities)\\s+(of|in)\\b'") }}
),

-- 3. "the two countries"
pairs as (
    select
        article_id,
        start_char,
        clause_start + instr(lowered, {{ wirehouse_regexp_extract('lowered', literal(two_countries)) }}) - 1
            as ref_start,
        length({{ wirehouse_regexp_extract('lowered', literal(two_countries)) }}) as ref_length
    from clause_texts
    where {{ wirehouse_regexp_matches('lowered', literal(two_countries)) }}
),

-- 3. "the two departments"
body_pairs as (
    select
        article_id,
        start_char,
        clause_start + instr(lowered, {{ wirehouse_regexp_extract('lowered', literal(two_bodies)) }}) - 1
            as ref_start,
        length({{ wirehouse_regexp_extract('lowered', literal(two_bodies)) }}) as ref_length
    from clause_texts
    where {{ wirehouse_regexp_matches('lowered', literal(two_bodies)) }}
),

pair_articles as (
    select article_id
    from ranked_countries
    where country_rank = 2
),

referred as (
    select by_demonym.article_id, by_demonym.start_char, by_demonym.country, by_demonym.ref_start, by_demonym.ref_length,
        cast(null as {{ wirehouse_text() }}) as entity_id, 'demonym' as referred_by
    from by_demonym
    left join by_demonym_named
        on by_demonym_named.article_id = by_demonym.article_id
        and by_demonym_named.start_char = by_demonym.start_char
        and by_demonym_named.ref_start = by_demonym.ref_start
    where by_demonym_named.article_id is null
    union all
    select governments.article_id, governments.start_char, ranked_countries.country, governments.ref_start, governments.ref_length,
        cast(null as {{ wirehouse_text() }}) as entity_id, 'government' as referred_by
    from governments
    inner join ranked_countries on ranked_countries.article_id = governments.article_id and ranked_countries.country_rank = 1
    -- the words before "the government" that name its country ("the Indian government") are rule 1's
    where not exists (
        select 1 from by_demonym
        where by_demonym.article_id = governments.article_id and by_demonym.start_char = governments.start_char)
    union all
    select pairs.article_id, pairs.start_char, ranked_countries.country, pairs.ref_start, pairs.ref_length,
        cast(null as {{ wirehouse_text() }}) as entity_id, 'pair' as referred_by
    from pairs
    inner join pair_articles using (article_id)
    inner join ranked_countries on ranked_countries.article_id = pairs.article_id and ranked_countries.country_rank <= 2
    union all
    select body_pairs.article_id, body_pairs.start_char, ranked_bodies.entity_name, body_pairs.ref_start, body_pairs.ref_length,
        ranked_bodies.entity_id, 'pair' as referred_by
    from body_pairs
    inner join ranked_bodies on ranked_bodies.article_id = body_pairs.article_id and ranked_bodies.body_rank <= 2
    where exists (
        select 1 from ranked_bodies as second
        where second.article_id = body_pairs.article_id and second.body_rank = 2)
),

final as (
    select distinct
        referred.article_id,
        referred.start_char,
        coalesce(referred.entity_id, country_entities.entity_id) as entity_id,
        referred.country as participant_name,
        cast(referred.ref_start as integer) as ref_start,
        cast(referred.ref_start + referred.ref_length as integer) as ref_end,
        referred.referred_by
    from referred
    left join country_entities on country_entities.country = referred.country
)

select * from final
