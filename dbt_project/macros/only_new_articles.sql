{#- In an incremental run, keep only articles this model has not seen yet. Every
    per-article model is append-only: an article's rows never change unless the rules
    do, and then wirehouse rebuilds with --full-refresh. -#}
{% macro only_new_articles() -%}
    {%- if is_incremental() %}
    where article_id not in (select article_id from {{ this }})
    {%- endif %}
{%- endmacro %}
