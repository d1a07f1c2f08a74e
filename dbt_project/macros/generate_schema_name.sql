{#- Staging, intermediate and seeds get schemas of those names; marts stay in the
    default schema (main), where the contract puts the published tables. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
