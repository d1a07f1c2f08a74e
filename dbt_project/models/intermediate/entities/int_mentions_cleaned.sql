-- Entity spans trimmed to the name itself: titles ("President"), a lower-case
-- leading "the" and possessives ("Xi's") are cut off, and the offsets move with them.
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('entity_titles') }}

with

spans as (
    select * from {{ ref('stg_raw__entity_spans') }}
    {{ only_new_articles() }}
),

without_titles as (
    select
        spans.*,
        case
            when spans.entity_type = 'PERSON'
                then regexp_replace(spans.span_text, '(?i)^((' || {{ seed_alternation('entity_titles', 'title') }} || ')\s+)+', '')
            else regexp_replace(spans.span_text, '^the\s+', '')
        end as after_lead,
    from spans
),

trimmed as (
    select
        *,
        length(span_text) - length(after_lead) as lead_chars,
        regexp_replace(after_lead, '(\s|[''’]s?)+$', '') as name_text,
    from without_titles
),

cleaned as (
    select
        article_id,
        start_char + lead_chars as start_char,
        start_char + lead_chars + length(name_text) as end_char,
        name_text as mention_text,
        regexp_replace(name_text, '\s+', ' ', 'g') as name,
        entity_type,
        sentence_index,
    from trimmed
    where regexp_matches(name_text, '\pL')
)

select * from cleaned
