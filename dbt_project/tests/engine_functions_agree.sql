{#- The engine macros (macros/engine.sql) mean the same on DuckDB and on Spark: each row is one
    silent difference between the engines the macros settle, and this test returns the rows
    whose result is not what the macro promises. It runs in every build on either engine. -#}
with

ordered as (
    select 'b' as x, 2 as k union all select 'a', 1 union all select 'c', 1
),

aggregated as (
    select
        {{ wirehouse_first_by('x', ['k desc', 'x']) }} as first_x,
        {{ wirehouse_first_by('x', ['k', 'x']) }} as least_x,
        {{ wirehouse_string_agg_sorted('x', "','") }} as joined
    from ordered
),

parts as (
    select {{ wirehouse_unnest_with_index(wirehouse_split("'a|b|c'", "'|'"), 'part', 'part_index') }}
),

checks as (
    -- '\s' is a regex class, not an 's', in a literal; every match is replaced
    select 'regexp_replace_all' as name,
           {{ wirehouse_regexp_replace_all("'a b  c'", "'\\s+'", "'-'") }} = 'a-b-c' as ok
    union all
    -- the first match only (Spark's regexp_replace replaces all)
    select 'regexp_replace_first', {{ wirehouse_regexp_replace_first("'a1b2c3'", "'\\d'", "'#'") }} = 'a#b2c3'
    union all
    select 'regexp_replace_first anchored', {{ wirehouse_regexp_replace_first("'the the end'", "'^the '", "''") }} = 'the end'
    union all
    -- \1 on DuckDB is $1 on Spark
    select 'backreference', {{ wirehouse_regexp_replace_all("'organisations'", "'isation(s?)'", "'ization\\1'") }} = 'organizations'
    union all
    -- group 0 (Spark's default group is 1)
    select 'regexp_extract', {{ wirehouse_regexp_extract("'met June 5, 2019'", "'(\\d+), (\\d{4})'") }} = '5, 2019'
    union all
    select 'regexp_extract_groups', ({{ wirehouse_regexp_extract_groups("'met June 5, 2019'", "'(\\d+), (\\d{4})'", ['day', 'year']) }}).year = '2019'
    union all
    select 'regexp_full_match', {{ wirehouse_regexp_full_match("'WTO'", "'([A-Z]\\.?){2,8}'") }}
        and not {{ wirehouse_regexp_full_match("'WTOs'", "'([A-Z]\\.?){2,8}'") }}
    union all
    select 'regexp_matches', {{ wirehouse_regexp_matches("'Tory Liam Fox'", "'\\pL+ \\p{Lu}'") }}
    union all
    -- a literal separator ('.' is any character to Spark's split)
    select 'split', {{ wirehouse_list_length(wirehouse_split("'a.b.c'", "'.'")) }} = 3
    union all
    -- lists count from 1 (Spark's [i] from 0)
    select 'list_get', {{ wirehouse_list_get(wirehouse_split("'x y'", "' '"), 1) }} = 'x'
    union all
    select 'list_filter_transform_join', {{ wirehouse_list_join(wirehouse_list_transform(
        wirehouse_list_filter(wirehouse_split("'bank of england'", "' '"), 'w', "w <> 'of'"), 'w', 'substring(w, 1, 1)'), "''") }} = 'be'
    union all
    select 'strip_accents', {{ wirehouse_strip_accents("'José Müller Ørsted'") }} = 'Jose Muller Ørsted'
    union all
    select 'name_key', {{ name_key("'The World Trade Organisation'") }} = 'world trade organization'
        and {{ name_key("'U.S.'") }} = 'us' and {{ name_key("'Al-Qaeda'") }} = 'al qaeda'
        and {{ name_key(literal("O'Brien & Sons")) }} = 'obrien and sons'
    union all
    -- a quote inside a literal (Spark keeps '' as two quotes)
    select 'literal', length({{ literal("O'Brien") }}) = 7
    union all
    select 'first_by', (select first_x = 'b' and least_x = 'a' from aggregated)
    union all
    select 'string_agg_sorted', (select joined = 'a,b,c' from aggregated)
    union all
    select 'unnest_with_index', (select count(*) = 3 and max(part_index) = 3 and min(part_index) = 1
                                        and max(case when part_index = 2 then part end) = 'b' from parts)
    union all
    select 'isodow', {{ wirehouse_isodow("cast('2024-03-04' as date)") }} = 1 and {{ wirehouse_isodow("cast('2024-03-10' as date)") }} = 7
    union all
    select 'try', {{ wirehouse_try('make_date(2024, 2, 30)') }} is null
)

select name from checks where not coalesce(ok, false)
