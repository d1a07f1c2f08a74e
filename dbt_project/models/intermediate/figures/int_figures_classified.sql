-- Each figure gets the metric of the best rule that matches its sentence: keywords,
-- read with the figure replaced by `<num>` (so a rule can say "<num> troops"), and the
-- entities the sentence names (a rule can ask for two parties, or a country).
-- An ordinal is a figure only when a rule gives it a metric ("his eighth visit" is a
-- visit_count of 8; "the first time", "the 20th anniversary" are not figures).
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('metric_rules') }}

with

figures as (
    select * from {{ ref('int_figures_units_inferred') }}
    {{ only_new_articles() }}
),

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

entities as (
    select * from {{ ref('int_entity_names_resolved') }}
),

sentence_entities as (
    select distinct
        mentions.article_id,
        mentions.sentence_index,
        mentions.entity_id,
        entities.entity_type,
    from mentions
    inner join entities using (entity_id)
    where mentions.article_id in (select article_id from figures)
),

sentences as (
    select * from {{ ref('stg_raw__sentences') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

-- names of organisations, laws, works and events in a sentence: a keyword inside one
-- says nothing about the figure ("the Investment Company Institute said")
names as (
    select
        article_id,
        sentence_index,
        '(' || string_agg(name_pattern, '|' order by length(name_pattern) desc) || ')' as pattern,
    from (
        select distinct
            mentions.article_id,
            mentions.sentence_index,
            regexp_escape(regexp_replace(lower(mentions.mention_text), '\s+', ' ', 'g')) as name_pattern,
        from mentions
        inner join entities using (entity_id)
        where entities.entity_type in ('ORG', 'WORK_OF_ART', 'LAW', 'EVENT', 'FAC', 'PRODUCT')
            and mentions.article_id in (select article_id from figures)
    ) as distinct_names
    group by all
),

in_sentence as (
    select
        figures.*,
        regexp_replace(lower(
            substring(articles.body, sentences.start_char + 1, figures.start_char - sentences.start_char)
            || '<NUM>'
            || substring(articles.body, figures.end_char + 1, greatest(sentences.end_char - figures.end_char, 0))
        ), '\s+', ' ', 'g') as sentence_context,
        case
            when names.pattern is null then sentence_context
            else regexp_replace(sentence_context, names.pattern, '<name>', 'g')
        end as context,
    from figures
    inner join articles using (article_id)
    left join sentences
        on sentences.article_id = figures.article_id
        and sentences.sentence_index = figures.sentence_index
    left join names
        on names.article_id = figures.article_id
        and names.sentence_index = figures.sentence_index
),

-- each rule's pattern is a constant, so it is compiled once
rule_matches as (
    {%- for rule in seed_rows('metric_rules') %}
    select
        article_id,
        start_char,
        {{ literal(rule['metric']) }} as metric,
        {{ rule['priority'] }} as priority,
    from in_sentence
    where {% if rule['unit'] == 'currency' %}unit_kind = 'currency'{% else %}unit = {{ literal(rule['unit']) }}{% endif %}
        and regexp_matches(context, {{ literal(rule['pattern']) }})
        {%- if rule['min_entities'] and rule['min_entities'] > 0 %}
        and (
            select count(distinct sentence_entities.entity_id)
            from sentence_entities
            where sentence_entities.article_id = in_sentence.article_id
                and sentence_entities.sentence_index = in_sentence.sentence_index
                and sentence_entities.entity_type in (
                    {%- for entity_type in (rule['entity_types'] or '').split('|') %}{{ literal(entity_type) }}{% if not loop.last %}, {% endif %}{% endfor -%}
                )
        ) >= {{ rule['min_entities'] }}
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

best_metric as (
    select
        article_id,
        start_char,
        first(metric order by priority, metric) as metric,
    from rule_matches
    group by article_id, start_char
),

classified as (
    select
        in_sentence.* exclude (sentence_context, context),
        best_metric.metric,
    from in_sentence
    left join best_metric using (article_id, start_char)
    where in_sentence.number_type <> 'ORDINAL' or best_metric.metric is not null
)

select * from classified
