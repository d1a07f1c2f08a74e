-- Distinct meetings per pair of participants per year (entity_a's name sorts first).
-- Totals stated in the text ("have met 36 times") are figures, not counted here.

with

meetings as (
    select * from {{ ref('meeting') }}
),

participants as (
    select
        meeting_participant.meeting_id,
        meeting_participant.entity_id,
        entity.name
    from {{ ref('meeting_participant') }} as meeting_participant
    inner join {{ ref('entity') }} as entity using (entity_id)
),

pairs as (
    select
        a.entity_id as entity_a,
        b.entity_id as entity_b,
        a.name as entity_a_name,
        b.name as entity_b_name,
        year(meetings.meeting_date) as year,
        count(distinct meetings.meeting_id) as meetings
    from participants as a
    inner join participants as b
        on b.meeting_id = a.meeting_id
        and (a.name < b.name or (a.name = b.name and a.entity_id < b.entity_id))
    inner join meetings on meetings.meeting_id = a.meeting_id
    group by all
)

select * from pairs
