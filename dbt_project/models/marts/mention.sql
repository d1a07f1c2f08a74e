-- Rebuilt whole on every build (not incremental): a mention's entity can change when a
-- new article resolves its name (see int_entity_names_resolved); publish rewrites the
-- parts of the load runs whose rows changed.
with

mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

final as (
    select
        {{ short_hash(['article_id', 'start_char', 'end_char']) }} as mention_id,
        article_id,
        entity_id,
        mention_text,
        start_char,
        end_char,
        sentence_index,
    from mentions
)

select * from final
