-- An entity is mentioned at least once in each article it is counted in, and is first
-- seen no later than it is last seen.
with

summary as (
    select * from {{ ref('entity_summary') }}
),

inconsistent as (
    select *
    from summary
    where articles < 1
       or mentions < articles
       or first_seen > last_seen
       or (first_seen is null) <> (last_seen is null)
)

select * from inconsistent
