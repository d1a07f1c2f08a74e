-- One row per entity: (type, spelling key), named by its most used spelling. Rebuilt
-- whole on every build (a new spelling can rename an entity; its id stays).
with

names as (
    select * from {{ ref('int_entity_names_resolved') }}
),

final as (
    select
        entity_id,
        entity_name as name,
        entity_type
    from names
)

select * from final
