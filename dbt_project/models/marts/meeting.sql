-- One row per meeting, however many articles report it. The format and place are the
-- ones most reports give.

with

reports as (
    select * from {{ ref('int_meeting_reports') }}
),

formats as (
    select meeting_id, format
    from (
        select meeting_id, format,
               row_number() over (partition by meeting_id order by count(*) desc, format desc) as preference
        from reports
        where format is not null
        group by meeting_id, format
    ) as ranked
    where preference = 1
),

locations as (
    select meeting_id, location_entity_id
    from (
        select meeting_id, location_entity_id,
               row_number() over (partition by meeting_id order by count(*) desc, location_entity_id) as preference
        from reports
        where location_entity_id is not null
        group by meeting_id, location_entity_id
    ) as ranked
    where preference = 1
),

meetings as (
    select distinct meeting_id, meeting_date, date_precision
    from reports
),

final as (
    select
        meetings.meeting_id,
        meetings.meeting_date,
        meetings.date_precision,
        formats.format,
        locations.location_entity_id
    from meetings
    left join formats using (meeting_id)
    left join locations using (meeting_id)
)

select * from final
