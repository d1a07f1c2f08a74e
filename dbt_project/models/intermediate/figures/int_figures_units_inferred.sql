-- A bare number takes the unit the reader understands from the figures around it:
--   1. without a scale word and followed by "to", "and", "or" or a dash and a figure
--      with a unit, it shares that figure's unit (and scale): "12 and 13 pct", "versus
--      eight and nine pct", "5 and 7 mln dlrs";
--   2. with a scale word and nothing counted after it (or an amount whose unit is not
--      written: "the 1.62 billion in 1985"), it takes the unit of the nearest
--      figure with a currency or measure before it in its sentence or the one before:
--      "narrowed to 110 mln dlrs from 525 mln", "CIF imports were 2.76 billion".
-- Other bare numbers stay counts.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('int_figures_parsed') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

-- 1. "12 and 13 pct": the next figure, joined by a connector only
shared_with_next as (
    select
        bare.article_id,
        bare.start_char,
        arg_min(next.unit, next.start_char) as unit,
        arg_min(next.unit_kind, next.start_char) as unit_kind,
        arg_min(case when bare.scale_factor = 1 then next.scale_factor else 1 end, next.start_char) as scale,
    from figures as bare
    inner join figures as next
        on next.article_id = bare.article_id
        and next.start_char > bare.end_char
        and next.start_char <= bare.end_char + 6
        and next.unit is not null and next.unit <> 'count'
    inner join articles on articles.article_id = bare.article_id
    where bare.is_bare
        -- "from 743.8 mln and 18.5 pct year to date" joins two facts, not one unit
        and bare.scale_factor = 1
        and regexp_matches(substring(articles.body, bare.end_char + 1, next.start_char - bare.end_char),
                           '^\s*(to|and|or|-|–)\s*$')
    group by all
),

-- 2. "from 525 mln" after "110 mln dlrs": the nearest figure before with a currency or measure
from_before as (
    select
        bare.article_id,
        bare.start_char,
        arg_max(earlier.unit, earlier.start_char) as unit,
        arg_max(earlier.unit_kind, earlier.start_char) as unit_kind,
    from figures as bare
    inner join figures as earlier
        on earlier.article_id = bare.article_id
        and earlier.start_char < bare.start_char
        and earlier.sentence_index between bare.sentence_index - 1 and bare.sentence_index
        and earlier.unit_kind in ('currency', 'measure')
    where (bare.is_bare or bare.unit is null)
        and bare.scale_factor >= 1000000
        -- nothing counted follows ("1.4 billion people" is a count)
        and regexp_matches(bare.text_after, '^\s*($|[,.;:)]|(in|from|to|at|against|a|an|and|or|on|for|by|versus|vs|'
                                            || 'compared|respectively|the|last|this|year|previously|earlier|before|ago)\b)')
    group by all
),

inferred as (
    select
        figures.* exclude (value, value_high, unit, unit_kind),
        figures.value * coalesce(shared_with_next.scale, 1) as value,
        figures.value_high,
        coalesce(shared_with_next.unit, from_before.unit, figures.unit) as unit,
        coalesce(shared_with_next.unit_kind, from_before.unit_kind, figures.unit_kind) as unit_kind,
        coalesce(shared_with_next.unit, from_before.unit) is not null as unit_inferred,
    from figures
    left join shared_with_next using (article_id, start_char)
    left join from_before using (article_id, start_char)
)

select * from inferred
