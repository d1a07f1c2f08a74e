-- Who met, for each passage that reports a meeting (canonical entities of the mentions
-- in the passage):
--   1. two or more people named: those people;
--   2. a visit by one person: the person and the countries named after the visit ("Xi
--      made his eighth visit to Russia");
--   3. at most one person and a reference back ("his meeting with Xi", "their last
--      meeting", "the two leaders", "the video conference"): the article's pair, the two
--      people it reports meeting most often (else the two it mentions most), when the
--      one named is one of them;
--   4. otherwise two or more people or countries named.
-- Passages with fewer than two participants are not meetings.

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

named as (
    select distinct
        passages.article_id,
        passages.start_char,
        mentions.entity_id,
        mentions.entity_type,
        mentions.start_char >= passages.trigger_char as after_trigger,
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
        regexp_matches(
            passages.context,
            '\b(he|his|him|she|her|their|they|the two leaders|both leaders|the two heads of state|the two presidents)\b'
            || '|\bthe (meeting|talks|summit|call|video conference|conversation)\b'
        ) as has_reference,
        count(distinct named.entity_id) filter (where named.entity_type = 'PERSON') as people,
        count(distinct named.entity_id) as people_and_places,
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
    select person_mentions.article_id, person_mentions.entity_id
    from person_mentions
    left join people_meeting using (article_id, entity_id)
    qualify row_number() over (
        partition by person_mentions.article_id
        order by coalesce(people_meeting.meetings, 0) desc, person_mentions.mentions desc, person_mentions.entity_id) <= 2
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
            where named.article_id = named_counts.article_id
                and named.start_char = named_counts.start_char
                and named.entity_type = 'PERSON'
                and named.entity_id in (select entity_id from main_pairs where main_pairs.article_id = named_counts.article_id)))
),

by_places as (
    select named.article_id, named.start_char, named.entity_id
    from named
    inner join named_counts using (article_id, start_char)
    where named_counts.people < 2
        and not named_counts.is_visit
        and not named_counts.has_reference
        and named_counts.people_and_places >= 2
),

participants as (
    select * from by_people
    union
    select * from by_visit
    union
    select * from by_reference
    union
    select * from by_places
),

with_enough as (
    select *
    from participants
    qualify count(*) over (partition by article_id, start_char) >= 2
)

select * from with_enough
