-- Figures with the unit the reader understands. The annotator infers it (loader/annotate/
-- figures.py: "12 and 13 pct"; a results-table row "Revs 535.0 mln vs 496.7 mln" by its
-- row label, seed row_labels; the other side of a comparison "12 cts vs 10"; "from 525
-- mln" after "110 mln dlrs") and flags it in `unit_inferred`; this model passes them on.
{{ config(materialized='incremental', on_schema_change='fail') }}

select * from {{ ref('int_figures_parsed') }}
{{ only_new_articles() }}
