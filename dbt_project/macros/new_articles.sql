{#- The articles loaded since the last publish, as a subquery: what an incremental build
    adds (int_articles_loaded_since_publish). -#}
{% macro new_articles() -%}
    (select article_id from {{ ref('int_articles_loaded_since_publish') }})
{%- endmacro %}
