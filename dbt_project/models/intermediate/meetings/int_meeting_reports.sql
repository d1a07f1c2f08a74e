-- One row per passage that reports a meeting, with the meeting it reports. Reports of
-- the same participants on the same resolved date are one meeting, whichever article
-- reports or announces it; a report dated only to a month ("in February") joins the
-- day-dated meeting of the same participants in that month when there is one. A report
-- with no date (an undated article, or a text that does not say when) is kept with a
-- null meeting_date and date_precision 'unknown': the reports of the same participants
-- in one article are one meeting, never joined to another article's.

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

dates as (
    select * from {{ ref('int_meeting_dates_resolved') }}
),

participants as (
    select * from {{ ref('int_meeting_participants') }}
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
        -- an entity by its id, a group by its words
        string_agg(coalesce(entity_id, 'group:' || lower(participant_name)), ',' order by coalesce(entity_id, 'group:' || lower(participant_name))) as participant_key,
    from participants
    group by article_id, start_char
),

-- a place named after "in" just after the meeting word ("a virtual meeting in Beijing")
locations as (
    select
        passages.article_id,
        passages.start_char,
        first(mentions.entity_id order by mentions.start_char) as location_entity_id,
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

reports as (
    select
        passages.article_id,
        passages.start_char,
        passages.end_char,
        passages.format,
        locations.location_entity_id,
        participant_sets.participant_key,
        dates.meeting_date,
        coalesce(dates.date_precision, 'unknown') as date_precision,
    from passages
    inner join participant_sets using (article_id, start_char)
    left join dates using (article_id, start_char)
    left join locations using (article_id, start_char)
),

day_dated as (
    select distinct participant_key, meeting_date
    from reports
    where date_precision = 'day'
),

month_matches as (
    select
        reports.article_id,
        reports.start_char,
        min(day_dated.meeting_date) as meeting_date,
    from reports
    inner join day_dated
        on day_dated.participant_key = reports.participant_key
        and date_trunc('month', day_dated.meeting_date) = reports.meeting_date
    where reports.date_precision = 'month'
    group by all
),

merged as (
    select
        reports.article_id,
        reports.start_char,
        reports.end_char,
        reports.format,
        reports.location_entity_id,
        reports.participant_key,
        coalesce(month_matches.meeting_date, reports.meeting_date) as meeting_date,
        case when month_matches.meeting_date is not null then 'day' else reports.date_precision end as date_precision,
    from reports
    left join month_matches using (article_id, start_char)
),

final as (
    select
        case
            when date_precision = 'unknown' then {{ short_hash(['participant_key', 'article_id', "'unknown'"]) }}
            else {{ short_hash(['participant_key', 'meeting_date', 'date_precision']) }}
        end as meeting_id,
        *,
    from merged
)

select * from final
