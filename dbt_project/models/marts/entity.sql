with

mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

final as (
    select distinct
        entity_id,
        entity_name as name,
        entity_type,
    from mentions
)

select * from final
