-- Each figure gets the metric of the best keyword rule that matches its sentence,
-- read with the figure replaced by `<num>` (so a rule can say "<num> troops").
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('metric_rules') }}

with

figures as (
    select * from {{ ref('int_figures_parsed') }}
    {{ only_new_articles() }}
),

sentences as (
    select * from {{ ref('stg_raw__sentences') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

in_sentence as (
    select
        figures.*,
        lower(
            substring(articles.body, sentences.start_char + 1, figures.start_char - sentences.start_char)
            || '<NUM>'
            || substring(articles.body, figures.end_char + 1, greatest(sentences.end_char - figures.end_char, 0))
        ) as context,
    from figures
    inner join articles using (article_id)
    left join sentences
        on sentences.article_id = figures.article_id
        and sentences.sentence_index = figures.sentence_index
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
        in_sentence.* exclude (context),
        best_metric.metric,
    from in_sentence
    left join best_metric using (article_id, start_char)
)

select * from classified
