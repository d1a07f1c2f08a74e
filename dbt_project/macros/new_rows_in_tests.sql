{#- Data tests on the append-only marts (article, mention, figure) check the rows of the
    articles this build adds (new_articles); a --full-refresh build, or the first, checks
    every row, and the marts rebuilt whole are tested whole. An incremental model appends
    only articles it does not hold yet (only_new_articles), so new rows cannot repeat old
    ids. Overrides dbt's get_where_subquery, which applies a test's `where` config. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- if not flags.FULL_REFRESH and relation.schema == target.schema
          and relation.identifier in ('article', 'mention', 'figure') -%}
        {%- do conditions.append('article_id in ' ~ new_articles()) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
