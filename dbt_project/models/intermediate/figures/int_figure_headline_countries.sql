-- The country an agency headline names ("BALDRIGE PREDICTS SOLID U.S. HOUSING GROWTH",
-- "1987 U.S. SOYBEAN LOAN SHOULD STAY SAME"): the first country name (seed demonyms'
-- countries) or country alias (seed entity_aliases of type GPE: "U.S." is United States)
-- the headline spells as whole words, matched on spelling keys as entity names are.
-- figure_entity gives it, as context, to the national statistics of a story whose body names
-- no country (the annotator's subject start -2); the entity mart adds it when no mention names it.
-- Rebuilt whole on every build (the entity mart is a snapshot).
with

articles as (
    select article_id, ' ' || {{ name_key(wirehouse_regexp_replace_all('title', literal("[^A-Za-z0-9.&'-]+"), literal(' '))) }} || ' ' as title_key
    from {{ ref('stg_raw__articles') }}
    where title is not null
),

spellings as (
    select distinct {{ name_key('country') }} as spelling_key, country as country_name
    from {{ ref('demonyms') }}
    union
    select distinct {{ name_key('alias') }} as spelling_key, canonical_name as country_name
    from {{ ref('entity_aliases') }}
    where canonical_type = 'GPE' and entity_type = 'GPE'
),

found as (
    select
        articles.article_id,
        spellings.country_name,
        instr(articles.title_key, ' ' || spellings.spelling_key || ' ') as position
    from articles
    inner join spellings
        on instr(articles.title_key, ' ' || spellings.spelling_key || ' ') > 0
    where spellings.spelling_key <> ''
),

final as (
    select
        article_id,
        {{ wirehouse_first_by('country_name', ['position', 'length(country_name) desc', 'country_name']) }} as country_name
    from found
    group by article_id
)

select
    article_id,
    country_name,
    {{ short_hash([name_key('country_name')]) }} as entity_id
from final
