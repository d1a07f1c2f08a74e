{#- Data tests on the marts published as appended parts (`meta: {publish: append}` in
    _marts.yml: article, mention, figure, figure_entity) check the rows of the articles
    this build adds (int_articles_loaded_since_publish); a --full-refresh build, or the
    first, checks every row, and the marts rebuilt whole are tested whole. An incremental
    model appends only articles it does not hold yet (only_new_articles), so new rows
    cannot repeat old ids. Overrides dbt's get_where_subquery, which applies a test's
    `where` config. Both names come from `graph` (a test cannot ref() what it does not
    declare). -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {#- graph is empty while dbt parses; the filter matters only when the test runs -#}
    {%- if execute and not flags.FULL_REFRESH and relation.schema == target.schema
          and relation.identifier in appended_marts() -%}
        {%- set new = graph.nodes.values() | selectattr('name', 'equalto', 'int_articles_loaded_since_publish')
                      | first -%}
        {%- do conditions.append('article_id in (select article_id from ' ~ new.relation_name ~ ')') -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The marts whose `meta` says they are published as appended parts. -#}
{% macro appended_marts() -%}
    {%- set names = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model'
                                            and node.config.meta.get('publish') == 'append' -%}
        {%- do names.append(node.alias) -%}
    {%- endfor -%}
    {%- do return(names) -%}
{%- endmacro %}
