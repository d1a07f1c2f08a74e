-- The entities each figure is about, and who gives it. The annotator decides which entity
-- spans a figure measures and which say or publish it (loader/annotate/subjects.py); this
-- model joins those spans to their mentions and canonical entities. Roles:
--   subject  the entity the figure measures, named in its sentence: the owner ("China's
--            exports"), else the nearest person, organisation or country named before it
--            that is no source, with those joined to it by "and" ("trade between China and
--            Russia"); a company stating its own results; a name right after "said" that a
--            verb follows ("Sir John said Defra had paid 97%": Defra); what a stake is held in,
--            what a price buys and whose shares are counted, beside the holder and the buyer;
--            a nationality qualifying what a country has or does is that country ("the
--            Indian market will grow 15%": India; seed demonyms);
--   context  the entity the figure measures, named outside its sentence: the company the
--            article names most when the clause refers back to it ("its shares") or the
--            figure is a company's result ("Revenue dipped 1.4%"), else
--            the parties the sentence before names when the clause speaks of them
--            ("bilateral trade"), else the subject of the figure before it (within two
--            sentences); for a national statistic, or a figure a national statistics
--            office gives with nobody else named, the country the article names most;
--            else, when nobody is named before it in its sentence or in the sentence
--            before, the company its agency headline names ("TMOC RESOURCES LTD
--            <TMOC.TO> 4TH QTR NET" over "Shr 12 cts vs 10 cts": the annotator's subject
--            start -1; int_figure_headline_companies); for a national statistic in a story
--            whose body names no country, the country its headline names ("U.S. HOUSING
--            STARTS ..."; start -2; int_figure_headline_countries);
--   source   whoever says or publishes the number ("X said", "according to X", a
--            statistics office, an analyst and his bank), when it is not also what the
--            figure measures (a company forecasting its own sales is their subject);
--   related  any other person, organisation or place named in its sentence.
{{ config(materialized='incremental', on_schema_change='fail') }}

with

figures as (
    select * from {{ ref('figure') }}
    {{ only_new_articles() }}
),

read_figures as (
    select article_id, start_char, subject_starts, source_starts from {{ ref('int_figures_classified') }}
    where article_id in (select article_id from figures)
),

mentions as (
    select * from {{ ref('mention') }}
),

entities as (
    select * from {{ ref('entity') }}
),

headline_companies as (
    select article_id, entity_id from {{ ref('int_figure_headline_companies') }}
    where article_id in (select article_id from figures)
),

headline_countries as (
    select article_id, entity_id from {{ ref('int_figure_headline_countries') }}
    where article_id in (select article_id from figures)
),

named as (
    select
        mentions.article_id,
        mentions.entity_id,
        mentions.sentence_index,
        mentions.start_char,
        mentions.end_char
    from mentions
    inner join entities using (entity_id)
    where entities.entity_type in ('PERSON', 'ORG', 'GPE', 'NORP', 'LOC', 'FAC')
        and mentions.article_id in (select article_id from figures)
),

-- the annotator's entity spans: each is the mention that starts at it, or just after it
-- when a title was cut from the mention ("President Xi")
chosen as (
    select figures.figure_id, figures.article_id, figures.sentence_index, {{ wirehouse_unnest('read_figures.subject_starts') }} as span_start,
           'subject' as kind
    from figures inner join read_figures using (article_id, start_char)
    union all
    select figures.figure_id, figures.article_id, figures.sentence_index, {{ wirehouse_unnest('read_figures.source_starts') }} as span_start,
           'source' as kind
    from figures inner join read_figures using (article_id, start_char)
),

chosen_entities as (
    select
        chosen.figure_id,
        chosen.article_id,
        chosen.kind,
        min_by(named.entity_id, named.start_char) as entity_id,
        min_by(named.sentence_index, named.start_char) as sentence_index,
        any_value(chosen.sentence_index) as figure_sentence
    from chosen
    inner join named
        on named.article_id = chosen.article_id
        and chosen.span_start >= 0
        and named.start_char >= chosen.span_start
        and named.start_char < chosen.span_start + 40
    group by chosen.figure_id, chosen.article_id, chosen.kind, chosen.span_start
),

-- a nationality the annotator made a subject ("the Indian market will grow 15%") is its country,
-- when the warehouse has that country (seed demonyms)
countries as (
    select
        {{ short_hash([name_key('demonyms.demonym')]) }} as nationality_id,
        {{ short_hash([name_key('demonyms.country')]) }} as country_id
    from {{ ref('demonyms') }} as demonyms
),

as_countries as (
    select
        chosen_entities.figure_id,
        case
            when chosen_entities.kind = 'subject' and known.entity_id is not null then known.entity_id
            else chosen_entities.entity_id
        end as entity_id,
        chosen_entities.article_id,
        chosen_entities.kind,
        chosen_entities.sentence_index,
        chosen_entities.figure_sentence
    from chosen_entities
    left join countries on countries.nationality_id = chosen_entities.entity_id
    left join entities as known on known.entity_id = countries.country_id
),

roles as (
    select
        figure_id,
        entity_id,
        -- what the figure measures wins over who states it ("Nestle forecasts growth of
        -- about 5%": Nestle is the subject); a subject named elsewhere is context
        case
            when bool_or(kind = 'subject' and sentence_index = figure_sentence) then 'subject'
            when bool_or(kind = 'subject') then 'context'
            else 'source'
        end as role,
        any_value(article_id) as article_id
    from as_countries
    group by figure_id, entity_id
),

-- the annotator's subject starts -1 and -2: the company, or the country, the article's headline names
headline_entities as (
    select article_id, entity_id, -1 as span_start from headline_companies
    union all
    select article_id, entity_id, -2 as span_start from headline_countries
),

headline as (
    select distinct
        chosen.figure_id,
        headline_entities.entity_id,
        'context' as role,
        chosen.article_id
    from chosen
    inner join headline_entities
        on chosen.article_id = headline_entities.article_id and chosen.span_start = headline_entities.span_start
    where chosen.kind = 'subject'
        and not exists (
            select 1 from roles
            where roles.figure_id = chosen.figure_id and roles.entity_id = headline_entities.entity_id)
),

ruled as (
    select figure_id, entity_id, role, article_id from roles
    union all
    select figure_id, entity_id, role, article_id from headline
),

related as (
    select distinct
        figures.figure_id,
        named.entity_id,
        'related' as role,
        figures.article_id
    from figures
    inner join named
        on named.article_id = figures.article_id
        and named.sentence_index = figures.sentence_index
    where not exists (
        select 1 from ruled where ruled.figure_id = figures.figure_id and ruled.entity_id = named.entity_id)
),

final as (
    select figure_id, entity_id, role, article_id from ruled
    union all
    select figure_id, entity_id, role, article_id from related
)

select * from final
