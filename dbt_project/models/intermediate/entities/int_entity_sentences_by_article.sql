-- Each entity once per sentence that mentions it, with how many mentions and the
-- article's date: the one place the per-article counts (int_entity_mentions_by_article)
-- and the pairs (int_entity_pairs_by_article) read the mentions from. Per article and
-- append-only, like the mentions (int_entities_canonicalized).
{{ config(materialized='incremental', on_schema_change='fail') }}

with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, published_date from {{ ref('stg_raw__articles') }}
),

final as (
    select
        mentions.article_id,
        mentions.entity_id,
        mentions.sentence_index,
        count(*) as mentions,
        articles.published_date
    from mentions
    inner join articles using (article_id)
    group by mentions.article_id, mentions.entity_id, mentions.sentence_index, articles.published_date
)

select * from final
