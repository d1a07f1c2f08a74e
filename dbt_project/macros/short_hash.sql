{#- A stable 16-hex-digit id from one or more expressions. -#}
{% macro short_hash(expressions) -%}
    substr(md5(concat_ws('|', {{ expressions | join(', ') }})), 1, 16)
{%- endmacro %}
