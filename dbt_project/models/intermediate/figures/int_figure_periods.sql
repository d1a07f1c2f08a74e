-- The period each figure covers, as the annotator resolved it (loader/annotate/periods.py,
-- seeds period_patterns and forecast_words) against the article date: the second side
-- of a comparison takes the earlier period ("up from 105.8 mln a year earlier"), "last
-- year" and "the previous quarter" are relative to the article date, and a quarter
-- without a year is the latest one that has ended unless a forecast word says otherwise.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('int_figures_classified') }}
    {{ only_new_articles() }}
)

select article_id, start_char, period_start, period_end
from figures
where period_start is not null and period_start <= period_end
