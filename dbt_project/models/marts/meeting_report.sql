with

reports as (
    select * from {{ ref('int_meeting_reports') }}
),

final as (
    select distinct
        meeting_id,
        article_id,
        start_char,
        end_char
    from reports
)

select * from final
