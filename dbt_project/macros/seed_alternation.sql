{#- The values of a seed column joined into one RE2 alternation, as a SQL string literal,
    read when the model compiles. A constant pattern is compiled once per query; a
    pattern built per row (a join on the seed) is compiled for every row.
    The seed table is read directly (not through ref, which unit tests replace with
    fixtures), so a model using this also says `-- depends_on: {{ ref('the_seed') }}`. -#}
{% macro seed_alternation(seed_name, column) -%}
    {%- set pattern = seed_values(seed_name, column) | join('|') -%}
    {{ literal(pattern) }}
{%- endmacro %}

{% macro seed_values(seed_name, column) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {#- seeds live in the `seeds` schema (dbt_project.yml); `graph` is not there in unit tests -#}
    {%- set relation = seed_relation(seed_name) -%}
    {%- set rows = run_query("select " ~ column ~ " from " ~ relation
                             ~ " order by length(" ~ column ~ ") desc, " ~ column) -%}
    {{ return(rows.columns[0].values() | list) }}
{%- endmacro %}

{#- All rows of a seed, read when the model compiles (see seed_values). -#}
{% macro seed_rows(seed_name, order_by='1') -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = seed_relation(seed_name) -%}
    {{ return(run_query("select * from " ~ relation ~ " order by " ~ order_by).rows | list) }}
{%- endmacro %}

{#- literal(value): macros/engine.sql -#}

{#- A seed's relation: Spark has no database level (schema = database), so none is named there. -#}
{% macro seed_relation(seed_name) -%}
    {%- if target.type == 'spark' -%}
        {{ return(api.Relation.create(schema='seeds', identifier=seed_name)) }}
    {%- endif -%}
    {{ return(api.Relation.create(database=target.database, schema='seeds', identifier=seed_name)) }}
{%- endmacro %}
