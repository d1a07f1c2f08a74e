-- The figures the annotator read from its number spans. The number and unit grammar
-- lives in one place, the annotator (loader/annotate/amounts.py and figures.py, with the
-- seeds units, number_words, qualifiers and row_labels): it stores value, value_high,
-- unit, qualifier, metric and period in raw.number_span, and this model only reads
-- them (issue #13). Spans that are not figures (years, ages, durations, numbers in
-- names) have no value. A seed edit changes the annotator's version, so the next run
-- annotates every article again and these rows follow.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

spans as (
    select * from {{ ref('stg_raw__number_spans') }}
    {{ only_new_articles() }}
),

figures as (
    select
        article_id,
        start_char,
        end_char,
        sentence_index,
        number_type,
        value,
        value_high,
        unit,
        unit_kind,
        qualifier,
        unit_inferred,
        metric,
        period_start,
        period_end,
        subject_starts,
        source_starts
    from spans
    where value is not null
)

select * from figures
