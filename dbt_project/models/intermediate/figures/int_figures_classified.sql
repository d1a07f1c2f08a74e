-- Figures with their metric. The annotator sets it (loader/annotate/metrics.py, seed
-- metric_rules) only when a rule's keyword governs the figure: in its own clause, next to
-- it, with no other figure in between ("exports rose 5% to $10bn", "a $2bn trade
-- deficit"), or by a results table's row label (seed row_labels). An ordinal is a figure
-- only when a rule gives it a metric ("his eighth visit"); the annotator drops the others.
{{ config(materialized='incremental', on_schema_change='fail') }}

select * from {{ ref('int_figures_units_inferred') }}
{{ only_new_articles() }}
