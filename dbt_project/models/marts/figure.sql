{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('int_figures_classified') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

periods as (
    select * from {{ ref('int_figure_periods') }}
),

final as (
    select
        {{ short_hash(['figures.article_id', 'figures.start_char', 'figures.end_char']) }} as figure_id,
        figures.article_id,
        figures.metric,
        figures.value,
        figures.unit,
        figures.qualifier,
        substring(articles.body, figures.start_char + 1, figures.end_char - figures.start_char) as figure_text,
        figures.start_char,
        figures.end_char,
        figures.sentence_index,
        periods.period_start,
        periods.period_end,
        figures.value_high
    from figures
    inner join articles using (article_id)
    left join periods using (article_id, start_char)
)

select * from final
