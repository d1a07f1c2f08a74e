-- The company an agency headline names: the leading capitalised name right before a ticker
-- in angle brackets ("TMOC RESOURCES LTD <TMOC.TO> 4TH QTR NET", "CPC <CPC> SEES 1987
-- HIGHER EARNINGS PER SHARE"; at most six words, none a number or a headline verb: not
-- "MOODY'S MAY DOWNGRADE AFG <AFG>"). Results stories ("Shr 12 cts vs 10 cts", "Net ...")
-- name their company only there; figure_entity takes it as the context of figures whose
-- sentence and the one before name nobody.
-- `entity_id` is the organisation the article's body names by that name or a fuller one
-- ("Note: Full name is Western Tele-Communications Inc." for WESTERN TELE-COMMUNICATIONS
-- <WTLCA>; the longest such name), else the headline's name's own entity, which the entity
-- mart adds when no mention names it (`named_in_body` false).
-- Rebuilt whole on every build (the entity mart is a snapshot).
{%- set verbs = ['has', 'have', 'had', 'is', 'are', 'was', 'may', 'will', 'can', 'to', 'says', 'said', 'sees',
                 'lists', 'buys', 'sells', 'sets', 'gets', 'wins', 'files', 'bids', 'offers', 'plans', 'agrees',
                 'makes', 'takes', 'cuts', 'raises', 'seeks', 'urges', 'asks', 'names', 'in', 'on', 'for', 'at', 'by',
                 'vs', 'pct'] %}

with

articles as (
    select article_id, title from {{ ref('stg_raw__articles') }}
    where title is not null
),

named as (
    select
        article_id,
        {{ wirehouse_regexp_extract('title', literal("^([A-Z][A-Za-z0-9&'./-]*(?: [A-Z][A-Za-z0-9&'./-]*){0,5}) <[A-Z0-9.]+>"), 1) }}
            as company_name
    from articles
),

keyed as (
    select
        article_id,
        company_name,
        {{ name_key('company_name') }} as name_key
    from named
    where company_name <> ''
        and not {{ wirehouse_regexp_matches('lower(company_name)', literal('(^| )(' ~ (verbs | join('|')) ~ ')( |$)')) }}
),

mentions as (
    select article_id, entity_id, name_key
    from {{ ref('int_entities_canonicalized') }}
),

-- the body's name of the headline's company: the same key, or one that begins with it
-- (whatever type the tagger gave the mention)
in_body as (
    select
        keyed.article_id,
        {{ wirehouse_first_by('mentions.entity_id', ['length(mentions.name_key) desc', 'mentions.name_key']) }}
            as entity_id
    from keyed
    inner join mentions
        on mentions.article_id = keyed.article_id
        and (mentions.name_key = keyed.name_key
             or substring(mentions.name_key, 1, length(keyed.name_key) + 1) = keyed.name_key || ' ')
    group by keyed.article_id
),

final as (
    select
        keyed.article_id,
        keyed.company_name,
        keyed.name_key,
        coalesce(in_body.entity_id, {{ short_hash(['keyed.name_key']) }}) as entity_id,
        in_body.entity_id is not null as named_in_body
    from keyed
    left join in_body using (article_id)
)

select * from final
