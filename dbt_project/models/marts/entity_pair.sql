-- Entities mentioned together: in how many articles, in how many sentences, and when
-- first and last (by the articles' published dates). entity_a < entity_b (by id).
with

pairs as (
    select * from {{ ref('int_entity_pairs_by_article') }}
),

entities as (
    select * from {{ ref('entity') }}
),

counted as (
    select
        entity_a,
        entity_b,
        count(*) as articles,
        count(*) filter (where sentences > 0) as articles_same_sentence,
        cast(sum(sentences) as bigint) as sentences,
        min(published_date) as first_seen,
        max(published_date) as last_seen
    from pairs
    group by entity_a, entity_b
),

final as (
    select
        counted.entity_a,
        a.name as name_a,
        counted.entity_b,
        b.name as name_b,
        counted.articles,
        counted.articles_same_sentence,
        counted.sentences,
        counted.first_seen,
        counted.last_seen
    from counted
    inner join entities as a on a.entity_id = counted.entity_a
    inner join entities as b on b.entity_id = counted.entity_b
)

select * from final
