{#- In an incremental run, keep only articles this model has not seen yet: those loaded
    since the last publish (new_articles) and not already in it. Every per-article model
    is append-only: an article's rows never change unless the rules do, and then
    wirehouse rebuilds with --full-refresh. "Not in this" alone would re-read, on every
    build, every article that leaves no row in the model (most articles report no
    meeting, many state no period). The subquery is rendered outside the condition so
    that dbt records the model's dependency on int_articles_loaded_since_publish. -#}
{% macro only_new_articles() -%}
    {%- set new = new_articles() -%}
    {%- if is_incremental() %}
    where article_id in {{ new }}
      and article_id not in (select article_id from {{ this }})
    {%- endif %}
{%- endmacro %}
