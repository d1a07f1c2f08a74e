-- One row per passage that reports a meeting, with the meeting it reports. Reports of
-- the same participants on the same resolved date are one meeting, whichever article
-- reports or announces it; a report dated only to a month ("in February") or a week ("later this
-- week") joins the day-dated meeting of the same participants in it when there is one. A report
-- with no date (an undated article, or a text that does not say when) is kept with a
-- null meeting_date and date_precision 'unknown': the reports of the same participants
-- in one article are one meeting, never joined to another article's.

{#- a passage that refers back to talks reported before: it opens with them, or names them with
    "the" or a possessive day ("the talks", "last night's three hours of talks"); not "the next talks" -#}
{%- set talks_referred_back = "^\\W*(talks|negotiations)\\b|\\b(the|these|those|\\w*day's|\\w*night's)\\s+([a-z-]+\\s+){0,3}(talks|negotiations|meeting)\\b" %}
{%- set other_talks = '\\b(next|new|further|fresh|future|another|other|proposed|planned|possible|separate)\\b' %}

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

dates as (
    select * from {{ ref('int_meeting_dates_resolved') }}
),

-- each party by its key: an entity by its id, a group by its last word ("Japanese creditor banks" and
-- "Japanese banks" are one group)
participants as (
    select
        *,
        coalesce(entity_id, 'group:' || {{ wirehouse_regexp_extract('lower(participant_name)', literal('(\\S+)$'), 1) }}) as party_key
    from {{ ref('int_meeting_participants') }}
),

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

participant_sets as (
    select
        article_id,
        start_char,
        {{ wirehouse_string_agg_sorted('party_key', "','") }} as participant_key
    from participants
    group by article_id, start_char
),

-- a place named after "in" just after the meeting word ("a virtual meeting in Beijing")
locations as (
    select
        passages.article_id,
        passages.start_char,
        {{ wirehouse_first_by('mentions.entity_id', ['mentions.start_char']) }} as location_entity_id
    from passages
    inner join articles using (article_id)
    inner join mentions
        on mentions.article_id = passages.article_id
        and mentions.start_char between passages.trigger_char and passages.trigger_char + 60
        and mentions.end_char <= passages.end_char
    where mentions.entity_type in ('GPE', 'FAC')
        and lower(substring(articles.body, mentions.start_char - 2, 3)) = 'in '
    group by all
),

named_reports as (
    select
        passages.article_id,
        passages.start_char,
        passages.end_char,
        passages.format,
        locations.location_entity_id,
        participant_sets.participant_key,
        dates.meeting_date,
        coalesce(dates.date_precision, 'unknown') as date_precision
    from passages
    inner join participant_sets using (article_id, start_char)
    left join dates using (article_id, start_char)
    left join locations using (article_id, start_char)
),

-- a passage that names no party, or one person, and has no participants of its own
-- reports a meeting another passage names: one naming no party the meeting of the next
-- sentence ("Talks aimed at averting strikes will take place this weekend. Five unions will
-- hold private talks with John Prescott"), one naming one person or organisation the nearest meeting of
-- it ("Jack Straw, who will hold talks in Beijing" ... "he will meet Li Zhaoxing"; "an end to
-- negotiations to admit Gulf exports into the European Community" ... "negotiations between the
-- European Community and the Gulf Cooperation Council"); one naming
-- no party that refers back to talks ("Talks ended when neither side ...", "last night's talks")
-- the meeting of the sentence before it first, then that of the next sentence
unnamed as (
    select
        clauses.article_id,
        clauses.start_char,
        passages.sentence_index,
        count(distinct mentions.entity_id) as parties,
        min(mentions.entity_id) as entity_id,
        {{ wirehouse_regexp_matches('min(passages.context)', literal(talks_referred_back)) }}
            and not {{ wirehouse_regexp_matches(wirehouse_regexp_extract('min(passages.context)', literal(talks_referred_back)), literal(other_talks)) }}
            as refers_back
    from clauses
    inner join passages using (article_id, start_char)
    left join mentions
        on mentions.article_id = clauses.article_id
        and mentions.start_char >= clauses.clause_start
        and mentions.end_char <= clauses.clause_end
        and mentions.entity_type in ('PERSON', 'ORG')
    left join participant_sets
        on participant_sets.article_id = clauses.article_id and participant_sets.start_char = clauses.start_char
    where participant_sets.participant_key is null
    group by clauses.article_id, clauses.start_char, passages.sentence_index
    having count(distinct mentions.entity_id) = 0
        or count(distinct mentions.entity_id) = 1
),

lone_targets as (
    select article_id, start_char, target_start
    from (
        select
            unnamed.article_id,
            unnamed.start_char,
            named.start_char as target_start,
            row_number() over (
                partition by unnamed.article_id, unnamed.start_char
                order by unnamed.parties = 0 and (named.start_char < unnamed.start_char) <> unnamed.refers_back,
                    abs(named.start_char - unnamed.start_char), named.start_char) as nearness
        from unnamed
        inner join named_reports as named on named.article_id = unnamed.article_id
        inner join passages as target
            on target.article_id = named.article_id and target.start_char = named.start_char
        left join participants as shared
            on shared.article_id = named.article_id
            and shared.start_char = named.start_char
            and shared.entity_id = unnamed.entity_id
        where (unnamed.parties = 0 and named.start_char > unnamed.start_char
                and target.sentence_index <= unnamed.sentence_index + 1)
            or (unnamed.parties = 0 and unnamed.refers_back and named.start_char < unnamed.start_char
                and target.sentence_index >= unnamed.sentence_index - 1)
            or (unnamed.parties = 1 and shared.entity_id is not null)
    ) as ranked
    where nearness = 1
),

reports as (
    select * from named_reports
    union all
    select
        passages.article_id,
        passages.start_char,
        passages.end_char,
        coalesce(passages.format, named.format) as format,
        coalesce(locations.location_entity_id, named.location_entity_id) as location_entity_id,
        named.participant_key,
        named.meeting_date,
        named.date_precision
    from lone_targets
    inner join passages using (article_id, start_char)
    inner join named_reports as named
        on named.article_id = lone_targets.article_id and named.start_char = lone_targets.target_start
    left join locations
        on locations.article_id = lone_targets.article_id and locations.start_char = lone_targets.start_char
),

-- an undated report whose participants are all among those of another report of the same
-- article ("the summit" after "X prepared to meet Y and Z") reports that meeting: it
-- takes the other's participants and date: a dated one first, then the nearest before it,
-- then the nearest after it
participant_counts as (
    select article_id, start_char, count(*) as participants
    from participants
    group by article_id, start_char
),

covering_candidates as (
    select
        undated.article_id,
        undated.start_char,
        other.start_char as other_start_char,
        other.date_precision <> 'unknown' as other_is_dated
    from reports as undated
    inner join reports as other
        on other.article_id = undated.article_id
        and other.start_char <> undated.start_char
    inner join participant_counts as undated_count
        on undated_count.article_id = undated.article_id and undated_count.start_char = undated.start_char
    inner join participant_counts as other_count
        on other_count.article_id = other.article_id and other_count.start_char = other.start_char
    inner join participants as undated_party
        on undated_party.article_id = undated.article_id and undated_party.start_char = undated.start_char
    inner join participants as other_party
        on other_party.article_id = other.article_id and other_party.start_char = other.start_char
        and other_party.party_key = undated_party.party_key
    where undated.date_precision = 'unknown'
        and (other.date_precision <> 'unknown' or other_count.participants > undated_count.participants)
    group by undated.article_id, undated.start_char, other.start_char, other.date_precision,
        other_count.participants, undated_count.participants
    having count(*) = undated_count.participants
),

covering as (
    select article_id, start_char, other_start_char
    from (
        select
            *,
            row_number() over (
                partition by article_id, start_char
                order by other_is_dated desc, other_start_char > start_char, abs(other_start_char - start_char)) as preference
        from covering_candidates
    ) as ranked
    where preference = 1
),

joined as (
    select
        reports.article_id,
        reports.start_char,
        reports.end_char,
        reports.format,
        reports.location_entity_id,
        coalesce(other.participant_key, reports.participant_key) as participant_key,
        coalesce(other.meeting_date, reports.meeting_date) as meeting_date,
        coalesce(other.date_precision, reports.date_precision) as date_precision
    from reports
    left join covering using (article_id, start_char)
    left join reports as other
        on other.article_id = covering.article_id and other.start_char = covering.other_start_char
),

day_dated as (
    select distinct participant_key, meeting_date
    from joined
    where date_precision = 'day'
),

month_matches as (
    select
        joined.article_id,
        joined.start_char,
        min(day_dated.meeting_date) as meeting_date
    from joined
    inner join day_dated
        on day_dated.participant_key = joined.participant_key
        and ((joined.date_precision = 'month' and date_trunc('month', day_dated.meeting_date) = joined.meeting_date)
            or (joined.date_precision = 'week' and date_trunc('week', day_dated.meeting_date) = joined.meeting_date))
    where joined.date_precision in ('month', 'week')
    group by all
),

merged as (
    select
        joined.article_id,
        joined.start_char,
        joined.end_char,
        joined.format,
        joined.location_entity_id,
        joined.participant_key,
        coalesce(month_matches.meeting_date, joined.meeting_date) as meeting_date,
        case when month_matches.meeting_date is not null then 'day' else joined.date_precision end as date_precision
    from joined
    left join month_matches using (article_id, start_char)
),

-- a report that refers back to talks by a determiner ("its talks with the government", "the
-- government's current talks", "the talks, which began six weeks ago") and names no party an
-- earlier report of the same article does not is that report's meeting, whatever date its own
-- words give ("is due to conclude its talks on March 23"): it takes the participants and date of
-- the earliest such report. "The next talks", "a new round of negotiations" are other meetings.
{%- set refers_back = '\\b(the|its|their|these|those)\\s+([a-z\\x27-]+\\s+){0,2}(talks|negotiations)\\b' %}
{%- set another = '\\b(next|new|further|fresh|last|previous|earlier|first|second|third|final|future|later|another|other|proposed|planned|possible|round|separate)\\b' %}
referring as (
    select article_id, start_char
    from passages
    where {{ wirehouse_regexp_matches('context', literal(refers_back)) }}
        and not {{ wirehouse_regexp_matches(wirehouse_regexp_extract('context', literal(refers_back)), literal(another)) }}
),

referred_candidates as (
    select
        later.article_id,
        later.start_char,
        earlier.start_char as earlier_start_char
    from referring
    inner join merged as later using (article_id, start_char)
    inner join merged as earlier
        on earlier.article_id = later.article_id
        and earlier.start_char < later.start_char
        and earlier.participant_key <> later.participant_key
    inner join participant_counts as later_count
        on later_count.article_id = later.article_id and later_count.start_char = later.start_char
    inner join participants as later_party
        on later_party.article_id = later.article_id and later_party.start_char = later.start_char
    inner join participants as earlier_party
        on earlier_party.article_id = earlier.article_id and earlier_party.start_char = earlier.start_char
        and earlier_party.party_key = later_party.party_key
    group by later.article_id, later.start_char, earlier.start_char, later_count.participants
    having count(*) = later_count.participants
),

referred as (
    select article_id, start_char, min(earlier_start_char) as earlier_start_char
    from referred_candidates
    group by article_id, start_char
),

referred_back as (
    select
        merged.article_id,
        merged.start_char,
        merged.end_char,
        merged.format,
        merged.location_entity_id,
        coalesce(earlier.participant_key, merged.participant_key) as participant_key,
        case when earlier.article_id is not null then earlier.meeting_date else merged.meeting_date end as meeting_date,
        coalesce(earlier.date_precision, merged.date_precision) as date_precision
    from merged
    left join referred using (article_id, start_char)
    left join merged as earlier
        on earlier.article_id = referred.article_id and earlier.start_char = referred.earlier_start_char
),

final as (
    select
        case
            when date_precision = 'unknown' then {{ short_hash(['participant_key', 'article_id', "'unknown'"]) }}
            else {{ short_hash(['participant_key', 'meeting_date', 'date_precision']) }}
        end as meeting_id,
        *
    from referred_back
)

select * from final
