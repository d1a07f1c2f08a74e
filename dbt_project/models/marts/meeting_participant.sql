-- Who met: the parties of each meeting's reports. An entity by its id and canonical name;
-- a group that is no entity ("creditor banks") by its words, entity_id null.

with

reports as (
    select * from {{ ref('int_meeting_reports') }}
),

participants as (
    select * from {{ ref('int_meeting_participants') }}
),

final as (
    select
        reports.meeting_id,
        participants.entity_id,
        -- a group written differently by two reports of one meeting ("Japanese creditor
        -- banks", "Japanese banks": the same last word) is one participant
        min(participants.participant_name) as participant_name
    from reports
    inner join participants
        on participants.article_id = reports.article_id
        and participants.start_char = reports.start_char
    group by reports.meeting_id, participants.entity_id,
        coalesce(participants.entity_id, {{ wirehouse_regexp_extract('lower(participants.participant_name)', literal('(\\S+)$'), 1) }})
)

select * from final
