-- The entities each figure is about, and who gives it. Roles:
--   source   whoever says or publishes the number: the speaker of "X said" / "X says" /
--            "X reported", "according to X", "X estimates", a statistics office or
--            ministry, an analyst and his bank ("said Y, an economist at Z");
--   subject  the entity the figure measures: the owner before it in its clause
--            ("China's exports", "Nortel said it made $434m" -> Nortel is the source
--            *and* the company whose results these are, so a company that is the
--            speaker of its own results stays subject), else the people, organisations
--            and places named before the figure in its sentence that are not sources;
--            when the sentence names no subject, the nearest earlier sentence's (in 3),
--            and for a national statistic (a metric of the economy) with no country, the
--            country the article names first (its place or dateline);
--   related  named after the figure in its sentence and not a source.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('figure') }}
    {{ only_new_articles() }}
),

mentions as (
    select * from {{ ref('mention') }}
),

entities as (
    select * from {{ ref('entity') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

named as (
    select
        mentions.article_id,
        mentions.entity_id,
        mentions.sentence_index,
        mentions.start_char,
        mentions.end_char,
        entities.entity_type,
        lower(substring(articles.body, greatest(mentions.start_char - 40, 0) + 1,
                        mentions.start_char - greatest(mentions.start_char - 40, 0))) as text_before,
        lower(substring(articles.body, mentions.end_char + 1, 60)) as text_after,
        lower(entities.name) as entity_name,
    from mentions
    inner join entities using (entity_id)
    inner join articles using (article_id)
    where entities.entity_type in ('PERSON', 'ORG', 'GPE', 'NORP', 'LOC', 'FAC')
        and mentions.article_id in (select article_id from figures)
),

-- a mention that says or publishes: "X said", "according to X", "said X", a statistics office
speaking as (
    select
        *,
        regexp_matches(text_after, '^(''s?)?\s*(\([^)]*\)\s*)?(,[^,]{0,60},\s*)?(said|says|reported|reports|announced|estimated|estimates|forecast|predicted|told|calculated|showed|shows|figures|data|statistics)\b')
            or regexp_matches(text_before, '(according to|said|says|quoted|cited|told|by|from)\s+(the\s+)?$')
            or regexp_matches(entity_name, '\b(statistic\w*|istat|insee|census|bureau|office|ministry|institute|agency|bundesbank)\b')
            or regexp_matches(text_before, '\b(economist|analyst|strategist|spokesman|spokeswoman|official|chief executive|chairman|director|minister)s?\s+(at|with|of|for)\s+(the\s+)?$')
            as is_speaker,
        regexp_matches(text_after, '^(''s?|s'')\s') as is_owner,
    from named
),

in_sentence as (
    select
        figures.figure_id,
        figures.article_id,
        figures.metric,
        named.entity_id,
        named.entity_type,
        named.start_char < figures.start_char as before_figure,
        named.is_speaker,
        named.is_owner,
        figures.start_char - named.end_char as distance,
    from figures
    inner join speaking as named
        on named.article_id = figures.article_id
        and named.sentence_index = figures.sentence_index
),

-- an entity that speaks and is also the one whose results these are ("Nortel said it had
-- made $434m"): a company giving its own figures is the subject
own_results as (
    select distinct figure_id, entity_id
    from in_sentence
    where is_speaker and entity_type = 'ORG' and before_figure
        and metric in ('revenue', 'net_profit', 'net_loss', 'operating_profit', 'earnings_per_share', 'dividend')
        and not exists (
            select 1 from in_sentence as other
            where other.figure_id = in_sentence.figure_id and other.entity_type = 'ORG'
                and not other.is_speaker and other.before_figure
        )
),

roles as (
    select distinct
        in_sentence.figure_id,
        in_sentence.article_id,
        in_sentence.entity_id,
        case
            when own_results.entity_id is not null then 'subject'
            when bool_or(in_sentence.is_speaker) over (partition by in_sentence.figure_id, in_sentence.entity_id)
                then 'source'
            when bool_or(in_sentence.before_figure) over (partition by in_sentence.figure_id, in_sentence.entity_id)
                then 'subject'
            else 'related'
        end as role,
    from in_sentence
    left join own_results using (figure_id, entity_id)
),

-- figures whose sentence names no subject: the nearest earlier sentence (in 3) that
-- names someone who is not a source
context_sentence as (
    select
        figures.figure_id,
        figures.article_id,
        max(named.sentence_index) as sentence_index,
    from figures
    inner join speaking as named
        on named.article_id = figures.article_id
        and named.sentence_index between figures.sentence_index - 3 and figures.sentence_index - 1
        and not named.is_speaker
    where figures.figure_id not in (select figure_id from roles where role = 'subject')
    group by all
),

in_context as (
    select distinct
        context_sentence.figure_id,
        context_sentence.article_id,
        named.entity_id,
        'context' as role,
    from context_sentence
    inner join speaking as named
        on named.article_id = context_sentence.article_id
        and named.sentence_index = context_sentence.sentence_index
        and not named.is_speaker
    -- an entity named in the figure's own sentence keeps its role there
    where named.entity_id not in (
        select roles.entity_id from roles where roles.figure_id = context_sentence.figure_id)
),

-- a national statistic with no country among its subjects: the country the article names first
national as (
    select
        figures.figure_id,
        figures.article_id,
        arg_min(named.entity_id, named.start_char) as entity_id,
    from figures
    inner join speaking as named
        on named.article_id = figures.article_id
        and named.entity_type = 'GPE'
    where figures.metric in ('gdp_growth', 'gdp', 'inflation', 'unemployment', 'interest_rate', 'budget_balance',
                             'current_account', 'trade_balance', 'exports', 'imports', 'trade_growth')
        and figures.figure_id not in (
            select roles.figure_id from roles inner join entities using (entity_id)
            where roles.role = 'subject' and entities.entity_type = 'GPE')
    group by all
),

final as (
    select figure_id, entity_id, role, article_id from roles
    union all
    select figure_id, entity_id, role, article_id from in_context
    union all
    select national.figure_id, national.entity_id, 'subject' as role, national.article_id
    from national
    where national.entity_id not in (
        select roles.entity_id from roles where roles.figure_id = national.figure_id
        union all
        select in_context.entity_id from in_context where in_context.figure_id = national.figure_id)
)

select * from final
