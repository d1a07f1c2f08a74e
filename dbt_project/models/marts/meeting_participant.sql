with

reports as (
    select * from {{ ref('int_meeting_reports') }}
),

final as (
    select distinct
        meeting_id,
        {{ wirehouse_unnest(wirehouse_split('participant_key', "','")) }} as entity_id
    from reports
)

select * from final
