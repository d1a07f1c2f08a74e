-- The person a "he" or "she" subject of a meeting clause refers to ("Yeutter said he will
-- meet the Japanese delegation", "He said he and Juan Sourrouille had discussed ... with
-- David Knox"): the person named last before the clause. The speaker of "he said" is no
-- subject.

with

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

names as (
    select entity_id, entity_type from {{ ref('int_entity_names_resolved') }}
),

mentions as (
    select canonicalized.article_id, canonicalized.start_char, canonicalized.end_char, canonicalized.entity_id, names.entity_type
    from {{ ref('int_entities_canonicalized') }} as canonicalized
    inner join names using (entity_id)
),

final as (
    select article_id, start_char, entity_id
    from (
        select
            clauses.article_id,
            clauses.start_char,
            mentions.entity_id,
            row_number() over (partition by clauses.article_id, clauses.start_char order by mentions.start_char desc) as nearness
        from clauses
        inner join mentions
            on mentions.article_id = clauses.article_id
            and mentions.end_char <= clauses.clause_start
            and mentions.entity_type = 'PERSON'
        -- (the speaker of "he said" is none)
        where {{ wirehouse_regexp_matches(
            wirehouse_regexp_replace_all(
                'substring(clauses.context, clauses.clause_start - clauses.start_char + 1, clauses.trigger_char - clauses.clause_start)',
                "'\\b(he|she)\\s+(said|says|told|tells|added|adds|stated|noted|warned|argued|explained|insisted)\\b'", "''"),
            "'\\b(he|she)\\b'") }}
    ) as ranked
    where nearness = 1
)

select * from final
