-- Each pair of distinct entities mentioned in the same article, once per article, with
-- how many sentences mention both. Per article and append-only, like the mentions
-- (read through int_entity_sentences_by_article).
{{ config(materialized='incremental', on_schema_change='fail') }}

with

sentences as (
    select * from {{ ref('int_entity_sentences_by_article') }}
    {{ only_new_articles() }}
),

entity_sentences as (
    select distinct article_id, entity_id, sentence_index
    from sentences
),

pairs_in_sentences as (
    select
        a.article_id,
        a.entity_id as entity_a,
        b.entity_id as entity_b,
        count(*) as sentences
    from entity_sentences as a
    inner join entity_sentences as b
        on b.article_id = a.article_id
        and b.sentence_index = a.sentence_index
        and b.entity_id > a.entity_id
    group by all
),

entities_in_articles as (
    select distinct article_id, entity_id, published_date
    from sentences
),

pairs_in_articles as (
    select
        a.article_id,
        a.entity_id as entity_a,
        b.entity_id as entity_b,
        a.published_date
    from entities_in_articles as a
    inner join entities_in_articles as b
        on b.article_id = a.article_id
        and b.entity_id > a.entity_id
),

final as (
    select
        pairs_in_articles.article_id,
        pairs_in_articles.entity_a,
        pairs_in_articles.entity_b,
        coalesce(pairs_in_sentences.sentences, 0) as sentences,
        pairs_in_articles.published_date
    from pairs_in_articles
    left join pairs_in_sentences using (article_id, entity_a, entity_b)
)

select * from final
