{#- Engine macros: the functions whose spelling or meaning differs between DuckDB (dbt-duckdb, the
    default) and Spark SQL (dbt-spark, `--target spark`). Each is an adapter.dispatch macro with a
    `default__` (DuckDB) and a `spark__` implementation; docs/spark.md lists them. Arguments are SQL
    expressions (strings of SQL), as for any dbt macro. -#}

{#- The text type: varchar on DuckDB, string on Spark (Spark's varchar needs a length). -#}
{% macro wirehouse_text() %}{{ return(adapter.dispatch('wirehouse_text', 'wirehouse')()) }}{% endmacro %}
{% macro default__wirehouse_text() %}varchar{% endmacro %}
{% macro spark__wirehouse_text() %}string{% endmacro %}

{% macro wirehouse_text_list() %}{{ return(adapter.dispatch('wirehouse_text_list', 'wirehouse')()) }}{% endmacro %}
{% macro default__wirehouse_text_list() %}varchar[]{% endmacro %}
{% macro spark__wirehouse_text_list() %}array<string>{% endmacro %}

{#- A string as a SQL literal. DuckDB doubles a quote inside; Spark (with
    spark.sql.parser.escapedStringLiterals, set in its target) keeps '' as two quotes, so a value
    with a quote is written in double quotes there. -#}
{% macro literal(value) %}{{ return(adapter.dispatch('literal', 'wirehouse')(value)) }}{% endmacro %}
{% macro default__literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}
{% macro spark__literal(value) -%}
    {%- if "'" not in value -%}'{{ value }}'
    {%- elif '"' not in value -%}"{{ value }}"
    {%- else -%}{{ exceptions.raise_compiler_error("a literal with both quote kinds: " ~ value) }}
    {%- endif -%}
{%- endmacro %}

{#- Does the regex match anywhere in s (RE2 on DuckDB, java.util.regex on Spark)? -#}
{% macro wirehouse_regexp_matches(s, pattern) %}{{ return(adapter.dispatch('wirehouse_regexp_matches', 'wirehouse')(s, pattern)) }}{% endmacro %}
{% macro default__wirehouse_regexp_matches(s, pattern) %}regexp_matches({{ s }}, {{ pattern }}){% endmacro %}
{% macro spark__wirehouse_regexp_matches(s, pattern) %}({{ s }} rlike {{ pattern }}){% endmacro %}

{#- Does the regex match the whole of s? (\z on Spark: Java's $ also matches before a final newline.) -#}
{% macro wirehouse_regexp_full_match(s, pattern) %}{{ return(adapter.dispatch('wirehouse_regexp_full_match', 'wirehouse')(s, pattern)) }}{% endmacro %}
{% macro default__wirehouse_regexp_full_match(s, pattern) %}regexp_full_match({{ s }}, {{ pattern }}){% endmacro %}
{% macro spark__wirehouse_regexp_full_match(s, pattern) %}({{ s }} rlike concat('^(?:', {{ pattern }}, ')\z')){% endmacro %}

{#- Replace every match. The replacement is written with DuckDB's backreferences (\1); they become
    $1 on Spark. -#}
{% macro wirehouse_regexp_replace_all(s, pattern, replacement) %}{{ return(adapter.dispatch('wirehouse_regexp_replace_all', 'wirehouse')(s, pattern, replacement)) }}{% endmacro %}
{% macro default__wirehouse_regexp_replace_all(s, pattern, replacement) %}regexp_replace({{ s }}, {{ pattern }}, {{ replacement }}, 'g'){% endmacro %}
{% macro spark__wirehouse_regexp_replace_all(s, pattern, replacement) %}regexp_replace({{ s }}, {{ pattern }}, {{ wirehouse_spark_backreferences(replacement) }}){% endmacro %}

{#- Replace the first match only (DuckDB's regexp_replace without 'g'). Spark's regexp_replace
    replaces every match: there the text before the first match (regexp_instr) is kept and the
    match is replaced at the start of the rest (so a \b or look-behind at the match sees the
    rest's start, not the text before it). -#}
{% macro wirehouse_regexp_replace_first(s, pattern, replacement) %}{{ return(adapter.dispatch('wirehouse_regexp_replace_first', 'wirehouse')(s, pattern, replacement)) }}{% endmacro %}
{% macro default__wirehouse_regexp_replace_first(s, pattern, replacement) %}regexp_replace({{ s }}, {{ pattern }}, {{ replacement }}){% endmacro %}
{% macro spark__wirehouse_regexp_replace_first(s, pattern, replacement) -%}
    {#- a pattern anchored at the start matches once: Spark's regexp_replace is the same there; so is
        one anchored at the end replaced by '' (an empty match after it adds nothing) -#}
    {%- set p = pattern | trim -%}
    {%- if p.startswith("'^") or p.startswith("'(?i)^") or (p.endswith("$'") and replacement | trim == "''") -%}
    regexp_replace({{ s }}, {{ pattern }}, {{ wirehouse_spark_backreferences(replacement) }})
    {%- else -%}
    concat(substring({{ s }}, 1, regexp_instr({{ s }}, {{ pattern }}) - 1),
           regexp_replace(substring({{ s }}, greatest(regexp_instr({{ s }}, {{ pattern }}), 1)),
                          concat('^(?:', {{ pattern }}, ')'), {{ wirehouse_spark_backreferences(replacement) }}))
    {%- endif -%}
{%- endmacro %}

{#- DuckDB's \1 in a replacement as Spark's $1 (and a literal $ as \$) -#}
{% macro wirehouse_spark_backreferences(replacement) -%}
    {{- modules.re.sub('\\\\([0-9])', '$\\1', replacement | replace('$', '\\$')) -}}
{%- endmacro %}

{#- The text of a group of the first match ('' when none). DuckDB's default group is 0, Spark's 1:
    the group is always passed. -#}
{% macro wirehouse_regexp_extract(s, pattern, group=0) %}{{ return(adapter.dispatch('wirehouse_regexp_extract', 'wirehouse')(s, pattern, group)) }}{% endmacro %}
{% macro default__wirehouse_regexp_extract(s, pattern, group) %}regexp_extract({{ s }}, {{ pattern }}, {{ group }}){% endmacro %}
{% macro spark__wirehouse_regexp_extract(s, pattern, group) %}regexp_extract({{ s }}, {{ pattern }}, {{ group }}){% endmacro %}

{#- The groups of the first match as a struct with the given field names (DuckDB's
    regexp_extract(s, p, [names]); one regexp_extract per group on Spark). DuckDB unions structs
    of different fields into one with all of them; Spark does not, so structs that are unioned
    name `all_names` (every field of the union, in one order): the others are null there. -#}
{% macro wirehouse_regexp_extract_groups(s, pattern, names, all_names=none) %}{{ return(adapter.dispatch('wirehouse_regexp_extract_groups', 'wirehouse')(s, pattern, names, all_names)) }}{% endmacro %}
{% macro default__wirehouse_regexp_extract_groups(s, pattern, names, all_names) %}regexp_extract({{ s }}, {{ pattern }}, {{ names }}){% endmacro %}
{% macro spark__wirehouse_regexp_extract_groups(s, pattern, names, all_names) -%}
    {%- set fields = [] -%}
    {%- for name in (all_names or names) -%}
        {%- if name in names -%}
            {%- do fields.append("'" ~ name ~ "', regexp_extract(" ~ s ~ ", " ~ pattern ~ ", " ~ (names.index(name) + 1) ~ ")") -%}
        {%- else -%}
            {%- do fields.append("'" ~ name ~ "', cast(null as string)") -%}
        {%- endif -%}
    {%- endfor -%}
    named_struct({{ fields | join(', ') }})
{%- endmacro %}

{#- Split s at a literal separator (Spark's split takes a regex: the separator is quoted). -#}
{% macro wirehouse_split(s, separator) %}{{ return(adapter.dispatch('wirehouse_split', 'wirehouse')(s, separator)) }}{% endmacro %}
{% macro default__wirehouse_split(s, separator) %}string_split({{ s }}, {{ separator }}){% endmacro %}
{% macro spark__wirehouse_split(s, separator) %}split({{ s }}, concat('\Q', {{ separator }}, '\E'), -1){% endmacro %}

{#- Split s at every match of a regex. -#}
{% macro wirehouse_regexp_split(s, pattern) %}{{ return(adapter.dispatch('wirehouse_regexp_split', 'wirehouse')(s, pattern)) }}{% endmacro %}
{% macro default__wirehouse_regexp_split(s, pattern) %}regexp_split_to_array({{ s }}, {{ pattern }}){% endmacro %}
{% macro spark__wirehouse_regexp_split(s, pattern) %}split({{ s }}, {{ pattern }}, -1){% endmacro %}

{#- The number of elements of a list. -#}
{% macro wirehouse_list_length(list) %}{{ return(adapter.dispatch('wirehouse_list_length', 'wirehouse')(list)) }}{% endmacro %}
{% macro default__wirehouse_list_length(list) %}len({{ list }}){% endmacro %}
{% macro spark__wirehouse_list_length(list) %}size({{ list }}){% endmacro %}

{#- The i-th element of a list, counted from 1 (DuckDB list[i]; element_at on Spark, whose [i] counts from 0). -#}
{% macro wirehouse_list_get(list, i) %}{{ return(adapter.dispatch('wirehouse_list_get', 'wirehouse')(list, i)) }}{% endmacro %}
{% macro default__wirehouse_list_get(list, i) %}({{ list }})[{{ i }}]{% endmacro %}
{% macro spark__wirehouse_list_get(list, i) %}element_at({{ list }}, {{ i }}){% endmacro %}

{#- The list's elements for which `condition` (on `var`) holds; each element as `expression` (on `var`);
    the elements joined with a separator. -#}
{% macro wirehouse_list_filter(list, var, condition) %}{{ return(adapter.dispatch('wirehouse_list_filter', 'wirehouse')(list, var, condition)) }}{% endmacro %}
{% macro default__wirehouse_list_filter(list, var, condition) %}list_filter({{ list }}, lambda {{ var }}: {{ condition }}){% endmacro %}
{% macro spark__wirehouse_list_filter(list, var, condition) %}filter({{ list }}, {{ var }} -> {{ condition }}){% endmacro %}

{% macro wirehouse_list_transform(list, var, expression) %}{{ return(adapter.dispatch('wirehouse_list_transform', 'wirehouse')(list, var, expression)) }}{% endmacro %}
{% macro default__wirehouse_list_transform(list, var, expression) %}list_transform({{ list }}, lambda {{ var }}: {{ expression }}){% endmacro %}
{% macro spark__wirehouse_list_transform(list, var, expression) %}transform({{ list }}, {{ var }} -> {{ expression }}){% endmacro %}

{% macro wirehouse_list_join(list, separator) %}{{ return(adapter.dispatch('wirehouse_list_join', 'wirehouse')(list, separator)) }}{% endmacro %}
{% macro default__wirehouse_list_join(list, separator) %}list_aggregate({{ list }}, 'string_agg', {{ separator }}){% endmacro %}
{% macro spark__wirehouse_list_join(list, separator) %}array_join({{ list }}, {{ separator }}){% endmacro %}

{#- One row per element of a list, in a select list (unnest; explode on Spark). -#}
{% macro wirehouse_unnest(list) %}{{ return(adapter.dispatch('wirehouse_unnest', 'wirehouse')(list)) }}{% endmacro %}
{% macro default__wirehouse_unnest(list) %}unnest({{ list }}){% endmacro %}
{% macro spark__wirehouse_unnest(list) %}explode({{ list }}){% endmacro %}

{#- s without diacritics. Spark has no strip_accents: translate() with the letters of U+00C0-U+024F
    and U+1E00-U+1EFF that decompose to one base letter (what DuckDB's strip_accents gives for
    them; tests/test_spark_dbt.py checks it); other marks stay on Spark. -#}
{% macro wirehouse_strip_accents(s) %}{{ return(adapter.dispatch('wirehouse_strip_accents', 'wirehouse')(s)) }}{% endmacro %}
{% macro default__wirehouse_strip_accents(s) %}strip_accents({{ s }}){% endmacro %}
{% macro spark__wirehouse_strip_accents(s) %}translate({{ s }}, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǢǣǦǧǨǩǪǫǬǭǮǯǰǴǵǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaÆæGgKkOoOoƷʒjGgNnAaÆæØøAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyſAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy'){% endmacro %}

{#- The x of the row that sorts first by `order` (a list of SQL sort keys; ' desc' only on numbers):
    DuckDB's first(x order by ...); min_by(x, struct(...)) on Spark. -#}
{% macro wirehouse_first_by(x, order) %}{{ return(adapter.dispatch('wirehouse_first_by', 'wirehouse')(x, order)) }}{% endmacro %}
{% macro default__wirehouse_first_by(x, order) %}first({{ x }} order by {{ order | join(', ') }}){% endmacro %}
{% macro spark__wirehouse_first_by(x, order) -%}
    {%- set keys = [] -%}
    {%- for key in order -%}
        {%- if key.endswith(' desc') -%}{%- do keys.append('-(' ~ key[:-5] ~ ')') -%}{%- else -%}{%- do keys.append(key) -%}{%- endif -%}
    {%- endfor -%}
    min_by({{ x }}, struct({{ keys | join(', ') }}))
{%- endmacro %}

{#- The values joined with a separator, in their own sort order (string_agg(x, sep order by x)). -#}
{% macro wirehouse_string_agg_sorted(x, separator) %}{{ return(adapter.dispatch('wirehouse_string_agg_sorted', 'wirehouse')(x, separator)) }}{% endmacro %}
{% macro default__wirehouse_string_agg_sorted(x, separator) %}string_agg({{ x }}, {{ separator }} order by {{ x }}){% endmacro %}
{% macro spark__wirehouse_string_agg_sorted(x, separator) %}array_join(array_sort(collect_list({{ x }})), {{ separator }}){% endmacro %}

{#- The distinct non-null values as a sorted list, null when there are none. -#}
{% macro wirehouse_sorted_set(x) %}{{ return(adapter.dispatch('wirehouse_sorted_set', 'wirehouse')(x)) }}{% endmacro %}
{% macro default__wirehouse_sorted_set(x) %}list(distinct {{ x }} order by {{ x }}) filter (where {{ x }} is not null){% endmacro %}
{% macro spark__wirehouse_sorted_set(x) %}case when count({{ x }}) > 0 then array_sort(collect_set({{ x }})) end{% endmacro %}

{#- ISO day of the week: Monday 1 ... Sunday 7. -#}
{% macro wirehouse_isodow(d) %}{{ return(adapter.dispatch('wirehouse_isodow', 'wirehouse')(d)) }}{% endmacro %}
{% macro default__wirehouse_isodow(d) %}isodow({{ d }}){% endmacro %}
{% macro spark__wirehouse_isodow(d) %}(weekday({{ d }}) + 1){% endmacro %}

{#- null instead of an error (an impossible date): DuckDB's try(); on Spark the target sets
    spark.sql.ansi.enabled=false, under which make_date gives null. -#}
{% macro wirehouse_try(x) %}{{ return(adapter.dispatch('wirehouse_try', 'wirehouse')(x)) }}{% endmacro %}
{% macro default__wirehouse_try(x) %}try({{ x }}){% endmacro %}
{% macro spark__wirehouse_try(x) %}({{ x }}){% endmacro %}

{#- In a select list: one row per element of a list, as column `value_name`, with its position
    (from 1) as `index_name`. DuckDB zips two unnests; Spark allows one generator per select, so
    inline() of (element, index) structs. -#}
{% macro wirehouse_unnest_with_index(list, value_name, index_name) %}{{ return(adapter.dispatch('wirehouse_unnest_with_index', 'wirehouse')(list, value_name, index_name)) }}{% endmacro %}
{% macro default__wirehouse_unnest_with_index(list, value_name, index_name) -%}
    unnest({{ list }}) as {{ value_name }},
        unnest(generate_series(1, len({{ list }}))) as {{ index_name }}
{%- endmacro %}
{% macro spark__wirehouse_unnest_with_index(list, value_name, index_name) -%}
    inline(transform({{ list }}, (v, i) -> named_struct('{{ value_name }}', v, '{{ index_name }}', i + 1)))
{%- endmacro %}
