-- One row per entity: (type, spelling key), named by its most used spelling. Rebuilt
-- whole on every build (a new spelling can rename an entity; its id stays).
-- A company named only by an agency headline ("TMOC RESOURCES LTD <TMOC.TO> 4TH QTR NET",
-- int_figure_headline_companies) is an entity too (an organisation), as its headline spells it,
-- when no mention names it: its results figures measure it (figure_entity, role context); so is
-- a country named only by a headline ("U.S. HOUSING ...", int_figure_headline_countries), a GPE.
with

names as (
    select * from {{ ref('int_entity_names_resolved') }}
),

headline_companies as (
    select
        entity_id,
        min(company_name) as entity_name,
        'ORG' as entity_type
    from {{ ref('int_figure_headline_companies') }}
    where not named_in_body
        and entity_id not in (select entity_id from names)
    group by entity_id
),

headline_countries as (
    select
        entity_id,
        min(country_name) as entity_name,
        'GPE' as entity_type
    from {{ ref('int_figure_headline_countries') }}
    where entity_id not in (select entity_id from names)
        and entity_id not in (select entity_id from headline_companies)
    group by entity_id
),

final as (
    select
        entity_id,
        entity_name as name,
        entity_type
    from names
    union all
    select
        entity_id,
        entity_name as name,
        entity_type
    from headline_companies
    union all
    select
        entity_id,
        entity_name as name,
        entity_type
    from headline_countries
)

select * from final
