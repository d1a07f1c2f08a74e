{#- The values of a seed column joined into one RE2 alternation, as a SQL string literal,
    read when the model compiles. A constant pattern is compiled once per query; a
    pattern built per row (a join on the seed) is compiled for every row.
    The seed table is read directly (not through ref, which unit tests replace with
    fixtures), so a model using this also says `-- depends_on: {{ ref('the_seed') }}`. -#}
{% macro seed_alternation(seed_name, column) -%}
    {%- set pattern = seed_values(seed_name, column) | join('|') -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro seed_values(seed_name, column) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {#- seeds live in the `seeds` schema (dbt_project.yml); `graph` is not there in unit tests -#}
    {%- set relation = api.Relation.create(database=target.database, schema='seeds', identifier=seed_name) -%}
    {%- set rows = run_query("select " ~ column ~ " from " ~ relation
                             ~ " order by length(" ~ column ~ ") desc, " ~ column) -%}
    {{ return(rows.columns[0].values() | list) }}
{%- endmacro %}

{#- All rows of a seed, read when the model compiles (see seed_values). -#}
{% macro seed_rows(seed_name, order_by='1') -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = api.Relation.create(database=target.database, schema='seeds', identifier=seed_name) -%}
    {{ return(run_query("select * from " ~ relation ~ " order by " ~ order_by).rows | list) }}
{%- endmacro %}

{#- A string as a SQL literal. -#}
{% macro literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}
