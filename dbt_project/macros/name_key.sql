{#- The key spelling variants of a name share: lower case, no diacritics, no dots or
    apostrophes, hyphens and runs of spaces as one space, no leading "the", British
    "-isation" as "-ization", "&" as "and". "U.S." and "US" are "us"; "Al-Qaeda" and "al Qaeda" are
    "al qaeda"; "José" is "jose"; "The World Trade Organisation" is "world trade organization". -#}
{% macro name_key(expression) -%}
    {%- set s = wirehouse_strip_accents('lower(' ~ expression ~ ')') -%}
    {%- set s = wirehouse_regexp_replace_all(s, literal("[.'’`]"), "''") -%}
    {%- set s = wirehouse_regexp_replace_all(s, "'\\s*&\\s*'", "' and '") -%}
    {%- set s = wirehouse_regexp_replace_all(s, "'[\\s\\-‐–—_/]+'", "' '") -%}
    {%- set s = wirehouse_regexp_replace_first('trim(' ~ s ~ ')', "'^the '", "''") -%}
    {{ wirehouse_regexp_replace_all(s, "'isation(s?)\\b'", "'ization\\1'") }}
{%- endmacro %}
