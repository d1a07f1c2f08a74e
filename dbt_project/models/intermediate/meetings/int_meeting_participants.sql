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
--   3. one person or organisation named after the meeting word and a "he", "she" or a
--      role ("the film-maker") before it: that party and the person named last before;
--   4. at most one person and a reference back ("his meeting with Xi", "their last
--      meeting", "the two leaders", "the video conference"): the article's pair, the two
--      people it reports meeting most often (else the two it mentions most), when the
--      one named is one of them;
-- a "he" or "she" subject of the clause adds the person it refers to (int_meeting_subjects_resolved);
-- the clause's candidate names are int_meeting_clause_parties_found's;
-- and the groups the clause names (int_meeting_groups_combined, with the countries named by
-- the people who act for them: "the Japanese delegation", "the government"; "the two
-- countries" or "the two departments" are the clause's only parties): a group meets the clause's named
-- parties, a second group, or, after "he", a role or "it", the person (the organisation)
-- named last before. Passages with fewer than two participants are not meetings here
-- (int_meeting_reports joins a passage naming none, or one person, to a meeting nearby),
-- except an organisation's own meeting ("an OPEC meeting", "the G8 summit"; not a party's or a company's).
-- A party named twice, once in short, is the longer name.
-- depends_on: {{ ref('meeting_keywords') }}

{%- set person_reference = '\\b(he|she|the (?:[a-z-]+ )?(?:film-maker|filmmaker|director|actor|actress|singer|star|minister|'
    ~ 'secretary|chancellor|premier|president|leader|chairman|chairwoman|chief|governor|ambassador|envoy|spokesman|spokeswoman))\\b' %}

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

names as (
    select entity_id, entity_type, entity_name from {{ ref('int_entity_names_resolved') }}
),

entity_types as (
    select entity_id, entity_type from names
),

mentions as (
    select
        canonicalized.article_id, canonicalized.start_char, canonicalized.end_char, canonicalized.mention_text,
        canonicalized.sentence_index, canonicalized.surface_name, canonicalized.surface_type,
        canonicalized.type_cue, canonicalized.entity_name, canonicalized.resolved_by, canonicalized.name_key, canonicalized.entity_id,
        entity_types.entity_type
    from {{ ref('int_entities_canonicalized') }} as canonicalized
    inner join entity_types using (entity_id)
    -- the agency, its sign-off at the end of a story ("REUTER") or its reporters ("told Reuters"), is no party
    where lower(canonicalized.mention_text) not in ('reuter', 'reuters')
),

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

clause_parties as (
    select * from {{ ref('int_meeting_clause_parties_found') }}
),

-- the person a "he" or "she" subject of the clause refers to (int_meeting_subjects_resolved)
pronoun_antecedents as (
    select * from {{ ref('int_meeting_subjects_resolved') }}
),

clause_entities as (
    select distinct article_id, start_char, entity_id, entity_type
    from clause_parties
    where not is_modifier
    union
    select article_id, start_char, entity_id, 'PERSON' as entity_type
    from pronoun_antecedents
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

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

-- the people and places the passage names, less a speaker outside the meeting clause
-- ("when the President visits Prime Minister Mulroney next month, ... -- ," Bentsen said":
-- Bentsen reports the meeting, he is no party of it)
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
    inner join clauses
        on clauses.article_id = passages.article_id and clauses.start_char = passages.start_char
    inner join articles on articles.article_id = passages.article_id
    where mentions.entity_type in ('PERSON', 'GPE')
        and not (mentions.entity_type = 'PERSON'
            and (mentions.start_char >= clauses.clause_end or mentions.end_char <= clauses.clause_start)
            and ({{ wirehouse_regexp_matches(
                    'substring(articles.body, mentions.end_char + 1, 30)',
                    literal('^,?\\s+(said|says|told|added|predicted|noted|stated)\\b')) }}
                or {{ wirehouse_regexp_matches(
                    'substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15))',
                    literal('\\b(said|says|added|according to)\\s+$')) }}))
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

-- one person or organisation named after the meeting word and a "he", "she" or a role
-- ("the film-maker", "the minister") before it ("his comments come days before he is due
-- to meet President Vladimir Putin", "the film-maker will meet executives from New Line
-- Cinema"): that party and the person named last before the passage
lone_people as (
    select clause_parties.article_id, clause_parties.start_char, min(clause_parties.entity_id) as entity_id
    from clause_parties
    inner join clauses
        on clauses.article_id = clause_parties.article_id and clauses.start_char = clause_parties.start_char
    where {{ wirehouse_regexp_matches(
        'substring(clauses.context, clauses.clause_start - clauses.start_char + 1, clauses.trigger_char - clauses.clause_start)',
        literal(person_reference)) }}
    group by clause_parties.article_id, clause_parties.start_char
    having count(distinct clause_parties.entity_id) = 1
        and min(clause_parties.entity_type) in ('PERSON', 'ORG', 'GPE')
        and min(clause_parties.mention_start) >= min(clauses.trigger_char)
),

antecedents as (
    select article_id, start_char, entity_id
    from (
        select
            lone_people.article_id,
            lone_people.start_char,
            mentions.entity_id,
            row_number() over (
                partition by lone_people.article_id, lone_people.start_char order by mentions.start_char desc) as nearness
        from lone_people
        inner join mentions
            on mentions.article_id = lone_people.article_id
            and mentions.end_char <= lone_people.start_char
            and mentions.entity_type = 'PERSON'
            and mentions.entity_id <> lone_people.entity_id
    ) as ranked
    where nearness = 1
),

by_pronoun as (
    select lone_people.article_id, lone_people.start_char, lone_people.entity_id
    from lone_people
    inner join antecedents using (article_id, start_char)
    union all
    select article_id, start_char, entity_id from antecedents
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
    select * from by_pronoun
    where not exists (select 1 from by_clause as earlier where earlier.article_id = by_pronoun.article_id and earlier.start_char = by_pronoun.start_char)
        and not exists (select 1 from by_people as earlier where earlier.article_id = by_pronoun.article_id and earlier.start_char = by_pronoun.start_char)
        and not exists (select 1 from by_visit as earlier where earlier.article_id = by_pronoun.article_id and earlier.start_char = by_pronoun.start_char)
    union all
    select * from by_reference
    where not exists (select 1 from by_clause as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
        and not exists (select 1 from by_pronoun as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
        and not exists (select 1 from by_people as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
        and not exists (select 1 from by_visit as earlier where earlier.article_id = by_reference.article_id and earlier.start_char = by_reference.start_char)
),

-- the groups the clause names as parties, and the parties it names by the people who act
-- for them or as a pair (int_meeting_groups_combined)
clause_groups as (
    select * from {{ ref('int_meeting_groups_combined') }}
),

referred_countries as (
    select * from {{ ref('int_meeting_parties_referred') }}
),

-- the parties found by the rules above, or, in a clause that names a group, the names in
-- the clause; less a name inside the group. (Counts are windows over one reference, not
-- a second reference grouped: Spark inlines each reference and its plan grows with them.)
named_parties as (
    select with_enough.article_id, with_enough.start_char, with_enough.entity_id
    from (
        select distinct_parties.*, count(*) over (partition by article_id, start_char) as parties
        from (select distinct * from participants) as distinct_parties
    ) as with_enough
    where with_enough.parties >= 2
        -- a clause that names a group has the parties it names, no one referred back to
        and not exists (
            select 1 from clause_groups
            where clause_groups.article_id = with_enough.article_id
                and clause_groups.start_char = with_enough.start_char)
    union
    select clause_entities.article_id, clause_entities.start_char, clause_entities.entity_id
    from clause_entities
    inner join clause_groups using (article_id, start_char)
),

inside_groups as (
    select distinct clause_groups.article_id, clause_groups.start_char, mentions.entity_id
    from clause_groups
    inner join mentions
        on mentions.article_id = clause_groups.article_id
        and mentions.start_char >= clause_groups.group_start
        and mentions.end_char <= clause_groups.group_end
),

entity_parties as (
    select named_parties.article_id, named_parties.start_char, named_parties.entity_id, names.entity_name as participant_name
    from named_parties
    inner join names using (entity_id)
    where not exists (
        select 1 from inside_groups
        where inside_groups.article_id = named_parties.article_id
            and inside_groups.start_char = named_parties.start_char
            and inside_groups.entity_id = named_parties.entity_id)
),

-- a clause that names a group and no one else, with "he", "she", a role or "it" before the
-- meeting word ("It said talks are under way with lenders"): the person (for "it", the
-- organisation) named last before the passage meets the group
group_subjects as (
    select
        clauses.article_id,
        clauses.start_char,
        case when {{ wirehouse_regexp_matches(
            'substring(clauses.context, clauses.clause_start - clauses.start_char + 1, clauses.trigger_char - clauses.clause_start)',
            literal(person_reference)) }} then 'PERSON' else 'ORG' end as antecedent_type
    from clauses
    where exists (
            select 1 from clause_groups
            where clause_groups.article_id = clauses.article_id and clause_groups.start_char = clauses.start_char)
        and not exists (
            select 1 from entity_parties
            where entity_parties.article_id = clauses.article_id and entity_parties.start_char = clauses.start_char)
        and ({{ wirehouse_regexp_matches(
            'substring(clauses.context, clauses.clause_start - clauses.start_char + 1, clauses.trigger_char - clauses.clause_start)',
            "'^\\s*(it|its)\\b|\\b(it|its)\\s+(said|says)\\b'") }}
            or {{ wirehouse_regexp_matches(
                'substring(clauses.context, clauses.clause_start - clauses.start_char + 1, clauses.trigger_char - clauses.clause_start)',
                literal(person_reference)) }})
),

group_antecedents as (
    select article_id, start_char, entity_id, participant_name
    from (
        select
            group_subjects.article_id,
            group_subjects.start_char,
            mentions.entity_id,
            names.entity_name as participant_name,
            row_number() over (
                partition by group_subjects.article_id, group_subjects.start_char
                order by mentions.start_char desc) as nearness
        from group_subjects
        inner join mentions
            on mentions.article_id = group_subjects.article_id
            and mentions.end_char <= group_subjects.start_char
            and mentions.entity_type = group_subjects.antecedent_type
        inner join names on names.entity_id = mentions.entity_id
        where not exists (
            select 1 from entity_parties
            where entity_parties.article_id = group_subjects.article_id
                and entity_parties.start_char = group_subjects.start_char)
            and exists (
                select 1 from clause_groups
                where clause_groups.article_id = group_subjects.article_id
                    and clause_groups.start_char = group_subjects.start_char)
    ) as ranked
    where nearness = 1
),

-- a group is a party of a passage that has a named party or a second group too
final as (
    select article_id, start_char, entity_id, participant_name
    from (
        select
            parties.*,
            count(entity_id) over (partition by article_id, start_char) as entities,
            count(*) over (partition by article_id, start_char) as parties
        from (
            select * from entity_parties
            union
            select * from group_antecedents
            union
            select distinct article_id, start_char, entity_id, participant_name
            from clause_groups
        ) as parties
    ) as counted
    where entities > 0 or parties >= 2
),

-- two or more parties, or one named party and a group
enough as (
    select article_id, start_char, entity_id, participant_name
    from (
        select final.*, count(*) over (partition by article_id, start_char) as parties
        from final
    ) as counted
    where parties >= 2
),

-- the clauses with one party
single_party_clauses as (
    select article_id, start_char
    from clause_entities
    group by article_id, start_char
    having count(*) = 1
),

-- an organisation's own meeting, named just before the meeting word ("International
-- Cocoa Organization (ICCO) talks", "an OPEC meeting", "the EU's summit") or whose members
-- gather or meet ("the WTO's 148 current members gather for a summit", "OPEC members met"): the
-- organisation alone, when the clause has no other party and it is no party or company
own_meetings as (
    select distinct clause_parties.article_id, clause_parties.start_char, clause_parties.entity_id, names.entity_name as participant_name
    from clause_parties
    inner join clauses
        on clauses.article_id = clause_parties.article_id and clauses.start_char = clause_parties.start_char
    inner join names using (entity_id)
    where clause_parties.entity_type = 'ORG'
        -- a party's conference, a company's annual meeting or one body's session ("The EC
        -- Commission met", a cabinet or committee meeting) alone is no meeting of parties
        and not {{ wirehouse_regexp_matches('lower(names.entity_name)', literal('\\b(party|inc|corp|corporation|co|ltd|plc|llc|sa|ag|spa|nv|holdings|commission|cabinet|committee|board|parliament|senate|congress|assembly|ministry|department)\\.?$')) }}
        and clause_parties.mention_end <= clauses.trigger_char
        and {{ wirehouse_regexp_full_match(
            'substring(clauses.context, clause_parties.mention_end - clauses.start_char + 1, clauses.trigger_char - clause_parties.mention_end)',
            literal("(\\s*\\([^)]*\\))?(('s)?\\s+((annual|special|emergency|extraordinary|ministerial|general|board|council)\\s+)?"
                    ~ "|('s)?\\s+(\\d[\\d,]*\\s+)?([a-z-]+\\s+){0,2}(members|member states|member countries)\\s+((will\\s+|are to\\s+)?"
                    ~ "(gather|gathered|gathers|convene|convened|convenes)\\s+((for|at|in)\\s+(a|an|the|its|their)\\s+([a-z-]+\\s+){0,2})?)?)")) }}
        and not exists (
            select 1 from enough
            where enough.article_id = clause_parties.article_id
                and enough.start_char = clause_parties.start_char)
        and exists (
            select 1 from single_party_clauses
            where single_party_clauses.article_id = clause_parties.article_id
                and single_party_clauses.start_char = clause_parties.start_char)
),

-- an untagged acronym's own meeting ("July's G8 summit") or a plural group's meeting ("the
-- major tobacco firms met"), when the clause names no one else
acronym_meetings as (
    select distinct groups.article_id, groups.start_char, cast(null as {{ wirehouse_text() }}) as entity_id, groups.participant_name
    from {{ ref('int_meeting_groups') }} as groups
    where (groups.group_rank = 3 or groups.meets_alone)
        and not exists (select 1 from enough where enough.article_id = groups.article_id and enough.start_char = groups.start_char)
        and not exists (
            select 1 from clause_entities
            where clause_entities.article_id = groups.article_id and clause_entities.start_char = groups.start_char)
),

-- "the two countries" are the clause's parties, no one else named in it
pair_parties as (
    select distinct article_id, start_char, participant_name
    from referred_countries
    where referred_by = 'pair'
),

pair_clauses as (
    select distinct article_id, start_char from pair_parties
),

kept_parties as (
    select enough.*
    from enough
    left join pair_clauses
        on pair_clauses.article_id = enough.article_id and pair_clauses.start_char = enough.start_char
    left join pair_parties
        on pair_parties.article_id = enough.article_id
        and pair_parties.start_char = enough.start_char
        and pair_parties.participant_name = enough.participant_name
    where pair_clauses.article_id is null or pair_parties.article_id is not null
),

-- a party named twice, once in short ("GAMCO Investors", "GAMCO Investors Inc"), is one: the longer name
shorter_names as (
    select distinct shorter.article_id, shorter.start_char, shorter.participant_name
    from kept_parties as shorter
    inner join kept_parties as longer
        on longer.article_id = shorter.article_id
        and longer.start_char = shorter.start_char
        and longer.participant_name like shorter.participant_name || ' %'
),

deduplicated as (
    select kept_parties.*
    from kept_parties
    left join shorter_names
        on shorter_names.article_id = kept_parties.article_id
        and shorter_names.start_char = kept_parties.start_char
        and shorter_names.participant_name = kept_parties.participant_name
    where shorter_names.article_id is null
)

select * from deduplicated
union all
select * from own_meetings
union all
select * from acronym_meetings
