{#- The key spelling variants of a name share: lower case, no diacritics, no dots or
    apostrophes, hyphens and runs of spaces as one space, no leading "the". "U.S." and
    "US" are "us"; "Al-Qaeda" and "al Qaeda" are "al qaeda"; "José" is "jose"; "The
    World Trade Organization" is "world trade organization". -#}
{% macro name_key(expression) -%}
    regexp_replace(trim(regexp_replace(regexp_replace(strip_accents(lower({{ expression }})), '[.''’`]', '', 'g'), '[\s\-‐–—_/]+', ' ', 'g')), '^the ', '')
{%- endmacro %}
