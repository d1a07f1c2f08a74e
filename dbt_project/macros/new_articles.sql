{#- The articles loaded since the last publish, as a subquery: what an incremental build
    adds. A build that fails publishes nothing, so the next one sees them again. -#}
{% macro new_articles() -%}
    (select article_id from {{ source('raw', 'input_file') }}
     where outcome = 'loaded'
       and seen_at > (select coalesce(max(value::timestamp), '-infinity'::timestamp)
                      from raw.publish_state where key = 'published_at'))
{%- endmacro %}
