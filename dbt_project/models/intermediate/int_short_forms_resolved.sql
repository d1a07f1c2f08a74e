-- Short forms an article leaves unresolved (it names no full form of them), resolved
-- from the rest of the corpus, per article:
--   - a one-word PERSON name ("Putin") -> the one person other articles call by it
--     beside the full name ("Vladimir Putin ... Putin"), when the corpus tags the word
--     a person at least 3 times in 4 ("Manchester", "Bolton" are mostly places, clubs);
--   - an acronym ("WTO") -> the one name other articles spell it out as beside it
--     ("World Trade Organization (WTO)");
-- and only when the article shares a distinctive entity (a person, organisation,
-- building, event, work, product or law named in at most max(2, 5%) of articles)
-- with an article that names the full form: "Grantham" in a politics story is not the
-- actor Leslie Grantham, "TPS" the French broadcaster is not the Telephone Preference
-- Service. Two candidates ("Bush": George Bush, Laura Bush) leave the name as it is.
-- Rebuilt whole on every build: a new article can resolve an old article's name.
with

mentions as (
    select * from {{ ref('int_entities_canonicalized') }}
),

names as (
    select * from {{ ref('int_entity_names_resolved') }}
),

-- "Putin" beside "Vladimir Putin", "WTO" beside "World Trade Organization" in one article
evidence as (
    select distinct
        case when resolved_by = 'short_form' then 'PERSON' end as short_type,
        {{ name_key('surface_name') }} as short_key,
        resolved_by,
        entity_type as target_type,
        name_key as target_key,
    from mentions
    where resolved_by = 'acronym'
        or (resolved_by = 'short_form'
            -- a person's name: capitalized words, not "Bolton v Derby" or "Ulster Schools' Cup"
            and regexp_full_match(entity_name, '\p{Lu}[\pL''’.-]*( \p{Lu}[\pL''’.-]*)+')
            and not regexp_matches(entity_name, '\b(Cup|United|City|Club|League|FC|Rovers|Wanderers|Athletic)$'))
),

-- how often a name is tagged PERSON: "Bolton", "Manchester" and "Yahoo" are mostly not
person_shares as (
    select
        name_key,
        count(*) filter (where entity_type = 'PERSON') / count(*) as person_share,
    from mentions
    where name_key not like '% %'
    group by name_key
),

unresolved as (
    select distinct
        mentions.article_id,
        mentions.entity_type,
        mentions.name_key,
        case when mentions.entity_type = 'PERSON' then 'short_form' else 'acronym' end as rule,
    from mentions
    left join person_shares using (name_key)
    where mentions.resolved_by is null
        and (
            (mentions.entity_type = 'PERSON' and mentions.name_key not like '% %' and person_shares.person_share >= 0.75)
            or (mentions.entity_type in ('ORG', 'GPE', 'LOC', 'FAC', 'NORP')
                and regexp_full_match(mentions.entity_name, '([A-Z]\.?){2,8}'))
        )
),

candidates as (
    select
        unresolved.entity_type,
        unresolved.name_key,
        any_value(evidence.target_type) as target_type,
        any_value(evidence.target_key) as target_key,
    from (select distinct entity_type, name_key, rule from unresolved) as unresolved
    inner join evidence
        on evidence.short_key = unresolved.name_key
        and evidence.resolved_by = unresolved.rule
        and coalesce(evidence.short_type, unresolved.entity_type) = unresolved.entity_type
    group by unresolved.entity_type, unresolved.name_key
    having count(distinct evidence.target_type || '|' || evidence.target_key) = 1
),

article_entities as (
    select distinct article_id, entity_type, name_key
    from mentions
),

distinctive as (
    select entity_type, name_key
    from article_entities
    where entity_type in ('PERSON', 'ORG', 'FAC', 'EVENT', 'WORK_OF_ART', 'PRODUCT', 'LAW')
    group by entity_type, name_key
    having count(*) <= greatest(2, 0.05 * (select count(distinct article_id) from article_entities))
),

-- articles naming the full form, and the distinctive entities they name
target_contexts as (
    select distinct
        candidates.entity_type,
        candidates.name_key,
        context.entity_type as context_type,
        context.name_key as context_key,
        context.article_id as context_article,
    from candidates
    inner join article_entities as target
        on target.entity_type = candidates.target_type
        and target.name_key = candidates.target_key
    inner join article_entities as context
        on context.article_id = target.article_id
    inner join distinctive
        on distinctive.entity_type = context.entity_type
        and distinctive.name_key = context.name_key
    where not (context.entity_type = candidates.target_type and context.name_key = candidates.target_key)
        and not (context.entity_type = candidates.entity_type and context.name_key = candidates.name_key)
),

in_context as (
    select distinct
        unresolved.article_id,
        unresolved.entity_type,
        unresolved.name_key,
        unresolved.rule,
    from unresolved
    inner join target_contexts
        on target_contexts.entity_type = unresolved.entity_type
        and target_contexts.name_key = unresolved.name_key
        and target_contexts.context_article <> unresolved.article_id
    inner join article_entities as shared
        on shared.article_id = unresolved.article_id
        and shared.entity_type = target_contexts.context_type
        and shared.name_key = target_contexts.context_key
),

final as (
    select
        in_context.article_id,
        in_context.entity_type,
        in_context.name_key,
        case when in_context.rule = 'short_form' then 'surname' else 'acronym' end as resolved_by,
        target.entity_id,
        target.entity_name,
        target.entity_type as canonical_type,
    from in_context
    inner join candidates using (entity_type, name_key)
    inner join names as target
        on target.entity_type = candidates.target_type
        and target.name_key = candidates.target_key
)

select * from final
