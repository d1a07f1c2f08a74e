-- The entities each figure is about, from the people, organisations and places named
-- in its sentence, or, when its sentence names none before the figure, in the nearest
-- sentence before it that does. Roles:
--   subject  named before the figure in its sentence: "China's investment in Russia
--            grew 39.1 percent", "trade between China and Russia reached $100 bln";
--   related  named after the figure in its sentence: "100,000 troops near its border
--            with Ukraine";
--   context  named in the nearest sentence before, when the figure's own names no
--            subject ("Bilateral merchandise trade reached $115.6 billion, according to
--            the Commerce Ministry" after a sentence on China and Russia).
{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('figure') }}
    {{ only_new_articles() }}
),

mentions as (
    select * from {{ ref('mention') }}
),

entities as (
    select * from {{ ref('entity') }}
),

named as (
    select
        mentions.article_id,
        mentions.entity_id,
        mentions.sentence_index,
        mentions.start_char,
    from mentions
    inner join entities using (entity_id)
    where entities.entity_type in ('PERSON', 'ORG', 'GPE', 'NORP', 'LOC', 'FAC')
        and mentions.article_id in (select article_id from figures)
),

in_sentence as (
    select
        figures.figure_id,
        figures.article_id,
        named.entity_id,
        case when bool_or(named.start_char < figures.start_char) then 'subject' else 'related' end as role,
    from figures
    inner join named
        on named.article_id = figures.article_id
        and named.sentence_index = figures.sentence_index
    group by all
),

-- figures whose sentence names nobody before them: the nearest earlier sentence (in 3)
-- that names someone
context_sentence as (
    select
        figures.figure_id,
        figures.article_id,
        max(named.sentence_index) as sentence_index,
    from figures
    inner join named
        on named.article_id = figures.article_id
        and named.sentence_index between figures.sentence_index - 3 and figures.sentence_index - 1
    where figures.figure_id not in (select figure_id from in_sentence where role = 'subject')
    group by all
),

in_context as (
    select distinct
        context_sentence.figure_id,
        context_sentence.article_id,
        named.entity_id,
        'context' as role,
    from context_sentence
    inner join named
        on named.article_id = context_sentence.article_id
        and named.sentence_index = context_sentence.sentence_index
    -- an entity named in the figure's own sentence keeps its role there
    where named.entity_id not in (
        select in_sentence.entity_id from in_sentence where in_sentence.figure_id = context_sentence.figure_id)
),

final as (
    select figure_id, entity_id, role, article_id from in_sentence
    union all
    select figure_id, entity_id, role, article_id from in_context
)

select * from final
