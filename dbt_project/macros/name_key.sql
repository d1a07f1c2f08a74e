{#- The key spelling variants of a name share: lower case, no diacritics, no dots or
    apostrophes, hyphens and runs of spaces as one space, no leading "the", British
    "-isation" as "-ization", "&" as "and". "U.S." and "US" are "us"; "Al-Qaeda" and "al Qaeda" are
    "al qaeda"; "José" is "jose"; "The World Trade Organisation" is "world trade organization". -#}
{% macro name_key(expression) -%}
    regexp_replace(regexp_replace(trim(regexp_replace(regexp_replace(regexp_replace(strip_accents(lower({{ expression }})), '[.''’`]', '', 'g'), '\s*&\s*', ' and ', 'g'), '[\s\-‐–—_/]+', ' ', 'g')), '^the ', ''), 'isation(s?)\b', 'ization\1', 'g')
{%- endmacro %}
