{#- Seeds on Spark: dbt-spark's session method pastes each value between single quotes without
    escaping, so a value with a quote breaks the insert. Here every value is a literal() (a value
    with a quote in double quotes), read as written since the target sets
    spark.sql.parser.escapedStringLiterals (a regex's backslashes stay). Overrides dbt-spark's
    spark__load_csv_rows; DuckDB seeds are untouched. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                  {%- set value = row[loop.index0] -%}
                  cast({% if value is none %}null{% else %}{{ literal(value | string) }}{% endif %} as {{ type }})
                  {%- if not loop.last %},{% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor %}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}
