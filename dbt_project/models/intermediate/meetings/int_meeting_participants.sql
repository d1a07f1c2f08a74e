-- Who met, for each passage that reports a meeting (canonical entities of the mentions
-- in the passage, typed as their entity is):
--   0. the parties of the meeting clause, when it names two or more: people,
--      organisations and countries from the clause's start (after a ";" or ":") to its end
--      (a ";", ", which", ", said", "said" ...), so its subject and its "with", "between
--      ... and" or object; not the places where it is held ("in Beijing", "at the White
--      House") nor its topic ("on Russia-China relations"), not a speaker named after it,
--      not the countries of two or more people who meet, not a name that only describes a
--      party ("US President George W Bush": the US; "X, an affiliate of Y": Y);
--   1. two or more people named: those people;
--   2. a visit by one person: the person and the countries named after the visit ("Xi
--      made his eighth visit to Russia");
--   3. at most one person and a reference back ("his meeting with Xi", "their last
--      meeting", "the two leaders", "the video conference"): the article's pair, the two
--      people it reports meeting most often (else the two it mentions most), when the
--      one named is one of them;
-- Passages with fewer than two participants are not meetings, except one named party
-- meeting a group the clause does not name ("talks with creditor banks").

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

entity_types as (
    select entity_id, entity_type from {{ ref('int_entity_names_resolved') }}
),

mentions as (
    select
        canonicalized.article_id, canonicalized.start_char, canonicalized.end_char, canonicalized.mention_text,
        canonicalized.sentence_index, canonicalized.surface_name, canonicalized.surface_type,
        canonicalized.entity_name, canonicalized.resolved_by, canonicalized.name_key, canonicalized.entity_id,
        entity_types.entity_type
    from {{ ref('int_entities_canonicalized') }} as canonicalized
    inner join entity_types using (entity_id)
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

-- the meeting clause: from the last ";" or ":" before the meeting word to the first
-- clause break after it
clauses as (
    select
        article_id,
        start_char,
        trigger_char,
        end_char,
        context,
        start_char + length(regexp_extract(
            substring(context, 1, trigger_char - start_char), '^(.*(;|:|\s[—–]\s|\s--\s))', 1)) as clause_start,
        trigger_char + coalesce(nullif(instr(
            {{ wirehouse_regexp_replace_first(
                'substring(context, trigger_char - start_char + 1)',
                "';|\\s[—–]\\s|\\s--\\s|, (which|who|where|while|but|said|says|according|adding|added)\\b|\\b(said|says|told|added)\\b'",
                'chr(1)') }},
            chr(1)), 0) - 1, end_char - trigger_char) as clause_end
    from passages
),

clause_parties as (
    select
        clauses.article_id,
        clauses.start_char,
        mentions.entity_id,
        mentions.entity_type,
        mentions.start_char as mention_start,
        mentions.end_char as mention_end
    from clauses
    inner join articles using (article_id)
    inner join mentions
        on mentions.article_id = clauses.article_id
        and mentions.start_char >= clauses.clause_start
        and mentions.end_char <= clauses.clause_end
    where mentions.entity_type in ('PERSON', 'ORG', 'GPE')
        -- a place the meeting is held in or travelled to is not a party ("in Beijing", "at
        -- the White House"), nor a topic ("on Russia-China relations", "to discuss Iraq")
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15)))',
            "'\\b(in|at|near|outside|inside|to|from|on|about|over|regarding|concerning|discuss|discussed|discussing)( the)?\\s+$|\\pL-$'") }}
        -- nor a name in an apposition that describes the party before it ("GAMCO
        -- Investors Inc, an affiliate of Gabelli and Co, ...")
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 40, 0) + 1, least(mentions.start_char, 40)))',
            "',\\s+(a|an|the)\\s+[a-z\\s-]{0,30}\\bof\\s+$'") }}
),

-- a country or organisation that only describes the person after it ("US President
-- George W Bush", "World Bank Vice-President David Knox") is not a party of its own
modifiers as (
    select distinct clause_parties.article_id, clause_parties.start_char, clause_parties.mention_start
    from clause_parties
    inner join mentions as person
        on person.article_id = clause_parties.article_id
        and person.entity_type = 'PERSON'
        and person.start_char > clause_parties.mention_end
        and person.start_char <= clause_parties.mention_end + 40
    inner join articles on articles.article_id = clause_parties.article_id
    where clause_parties.entity_type in ('GPE', 'ORG')
        and {{ wirehouse_regexp_full_match(
            'substring(articles.body, clause_parties.mention_end + 1, person.start_char - clause_parties.mention_end)',
            literal("('s)?(\s+[\pL.-]+){0,4}\s+")) }}
        and not {{ wirehouse_regexp_matches(
            'substring(articles.body, clause_parties.mention_end + 1, person.start_char - clause_parties.mention_end)',
            "'\\b(and|with|between|met|meet|meets|talks|to|of|by|from)\\b'") }}
),

clause_entities as (
    select distinct article_id, start_char, entity_id, entity_type
    from clause_parties
    where not exists (
        select 1 from modifiers
        where modifiers.article_id = clause_parties.article_id
            and modifiers.start_char = clause_parties.start_char
            and modifiers.mention_start = clause_parties.mention_start)
),

-- when two or more people meet, the countries named with them are theirs, not parties
clause_people as (
    select article_id, start_char
    from clause_entities
    where entity_type = 'PERSON'
    group by all
    having count(*) >= 2
),

by_clause as (
    select article_id, start_char, entity_id
    from (
        select article_id, start_char, entity_id, count(*) over (partition by article_id, start_char) as parties
        from clause_entities
        where entity_type <> 'GPE' or not exists (
            select 1 from clause_people
            where clause_people.article_id = clause_entities.article_id
                and clause_people.start_char = clause_entities.start_char)
    ) as counted
    where parties >= 2
),

named as (
    select distinct
        passages.article_id,
        passages.start_char,
        mentions.entity_id,
        mentions.entity_type,
        mentions.start_char >= passages.trigger_char as after_trigger
    from passages
    inner join mentions
        on mentions.article_id = passages.article_id
        and mentions.start_char >= passages.start_char
        and mentions.end_char <= passages.end_char
    where mentions.entity_type in ('PERSON', 'GPE')
),

named_counts as (
    select
        passages.article_id,
        passages.start_char,
        passages.is_visit,
        {{ wirehouse_regexp_matches(
            'passages.context',
            "'\\b(he|his|him|she|her|their|they|the two leaders|both leaders|the two heads of state|the two presidents)\\b'
            || '|\\bthe (call|video conference|conversation)\\b'"
        ) }} as has_reference,
        count(distinct named.entity_id) filter (where named.entity_type = 'PERSON') as people,
        count(distinct named.entity_id) as people_and_places
    from passages
    left join named using (article_id, start_char)
    group by all
),

by_people as (
    select named.article_id, named.start_char, named.entity_id
    from named
    inner join named_counts using (article_id, start_char)
    where named_counts.people >= 2 and named.entity_type = 'PERSON'
),

person_mentions as (
    select article_id, entity_id, count(*) as mentions
    from mentions
    where entity_type = 'PERSON'
    group by article_id, entity_id
),

people_meeting as (
    select article_id, entity_id, count(*) as meetings
    from by_people
    group by article_id, entity_id
),

-- the two people an article is about
main_pairs as (
    select article_id, entity_id
    from (
        select
            person_mentions.article_id,
            person_mentions.entity_id,
            row_number() over (
                partition by person_mentions.article_id
                order by coalesce(people_meeting.meetings, 0) desc, person_mentions.mentions desc, person_mentions.entity_id)
                as preference
        from person_mentions
        left join people_meeting using (article_id, entity_id)
    ) as ranked
    where preference <= 2
),

by_visit as (
    select named.article_id, named.start_char, named.entity_id
    from named
    inner join named_counts using (article_id, start_char)
    where named_counts.people = 1 and named_counts.is_visit
        and (named.entity_type = 'PERSON' or named.after_trigger)
),

by_reference as (
    select named_counts.article_id, named_counts.start_char, main_pairs.entity_id
    from named_counts
    inner join main_pairs using (article_id)
    where not named_counts.is_visit
        and named_counts.has_reference
        and (named_counts.people = 0 or exists (
            select 1 from named
            inner join main_pairs as pair on pair.article_id = named.article_id and pair.entity_id = named.entity_id
            where named.article_id = named_counts.article_id
                and named.start_char = named_counts.start_char
                and named.entity_type = 'PERSON'))
),

-- the first rule that finds two or more parties wins
participants as (
    select * from by_clause
    union all
    select * from by_people
    where not exists (select 1 from by_clause as earlier where earlier.article_id = by_people.article_id and earlier.start_char = by_people.start_char)
    union all
    select * from by_visit
    where not exists (select 1 from by_clause as earlier where earlier.article_id = by_visit.article_id and earlier.start_char = by_visit.start_char)
        and not exists (select 1 from by_people as earlier where earlier.article_id = by_visit.article_id and earlier.start_char = by_visit.start_char)
    union all
    select * from by_reference
    where not exists (select 1 from by_clause as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
        and not exists (select 1 from by_people as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
        and not exists (select 1 from by_visit as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
),

-- (counted before distinct, as a qualify would)
with_enough as (
    select distinct article_id, start_char, entity_id
    from (
        select article_id, start_char, entity_id, count(*) over (partition by article_id, start_char) as parties
        from participants
    ) as counted
    where parties >= 2
),

-- one named party meeting a group the text does not name ("held talks with creditor
-- banks", "liaised with several protest groups", "talks with the union"): the named one
unnamed_group_clauses as (
    select clauses.article_id, clauses.start_char
    from clauses
    where {{ wirehouse_regexp_matches(
        'substring(clauses.context, clauses.trigger_char - clauses.start_char + 1,
                  clauses.clause_end - clauses.trigger_char)',
        "'\\b(with|between|and)\s+(the\s+|several\s+|some\s+|its\s+|their\s+|\w+\s+)?(\w+\s+)?(groups?|banks|firms|unions?|ministers|officials|leaders|executives|delegates|delegations?|producers|consumers|members|workers|companies|creditors|governments|team|teams|envoys|negotiators|representatives|rebels|investors|shareholders|bankers|dealers|traders)\\b'") }}
        and not exists (select 1 from with_enough as earlier where earlier.article_id = clauses.article_id and earlier.start_char = clauses.start_char)
),

with_group as (
    select article_id, start_char, entity_id
    from (
        select
            clause_entities.article_id,
            clause_entities.start_char,
            clause_entities.entity_id,
            count(*) over (partition by clause_entities.article_id, clause_entities.start_char) as parties
        from clause_entities
        inner join unnamed_group_clauses using (article_id, start_char)
    ) as counted
    where parties = 1
)

select * from with_enough
union all
select * from with_group
