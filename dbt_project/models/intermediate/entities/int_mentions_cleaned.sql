-- Entity spans trimmed to the name itself, and the offsets move with them:
--   - a person's titles ("President", "Mr", seed entity_titles) and descriptors (party
--     labels "Tory", "Lib Dem", roles "MEP", "chief executive", "LSE boss"; seed
--     entity_descriptors, kinds party and role) are cut off the front, as long as a
--     capitalised name is left; `title` keeps the first word cut ("mr", "sir");
--   - a leading time zone glued to a name ("GMT Carnival"; kind lead), a lower-case
--     leading "the", a capitalised adverb or preposition that opens the sentence
--     ("Eventually Asimo"; kind opener: a span of nothing else is no mention);
--   - the text from the first lower-case word that is not a name particle ("Commons
--     after Mr Brown" is "Commons"; "Bank of England" stays) in names of people, places
--     and organisations;
--   - characters glued to either end (Reuters' "<TMOC Resources Ltd>", quotes), trailing
--     punctuation ("Howard -"), spaces and possessives ("Xi's");
-- and a name the tagger split at a line break of wrapped text is one span again.
-- `type_cue` is the type the words around a mention give it, whatever the tagger said:
-- ORG after an org_cue word ("rock band Korn", "the company, GlaxoSmithKline"),
-- WORK_OF_ART after a work_cue word ("political thriller Hotel Rwanda"), PERSON
-- after a title or a role ("guitarist Brian Welch") or before "as" and a role ("Arden
-- Engebretsen as vice chairman"); int_entity_names_resolved types a name by its cues.
-- A person's span that is nothing but a title ("Crown Prince") is no mention.
{{ config(materialized='incremental', on_schema_change='fail') }}
-- depends_on: {{ ref('entity_titles') }}
-- depends_on: {{ ref('entity_descriptors') }}

{%- set descriptors = seed_rows('entity_descriptors', 'length(descriptor) desc, descriptor') %}
{%- set person_words = descriptors | selectattr('kind', 'in', ['party', 'role']) | map(attribute='descriptor') | list %}
{%- set roles = descriptors | selectattr('kind', 'equalto', 'role') | map(attribute='descriptor') | list %}
{%- set leads = descriptors | selectattr('kind', 'equalto', 'lead') | map(attribute='descriptor') | list %}
{%- set openers = descriptors | selectattr('kind', 'equalto', 'opener') | map(attribute='descriptor') | list %}
{#- the cue words: org_cue rows, and the company and organisation words that are also plain nouns
    ("the company, X"; not "capital" in "the Iraqi capital Baghdad") -#}
{%- set work_cues = descriptors | selectattr('kind', 'equalto', 'work_cue') | map(attribute='descriptor') | list %}
{%- set org_cues = descriptors | selectattr('kind', 'in', ['org_cue', 'org_word']) | map(attribute='descriptor') | list
                   + (descriptors | selectattr('kind', 'equalto', 'suffix') | map(attribute='descriptor')
                      | select('in', ['company', 'group', 'bank']) | list) %}
{%- set particles = "of|the|and|for|on|in|at|de|du|des|del|della|der|den|di|da|dos|das|van|von|la|le|les|al|el|bin|ibn|y|e|und|upon|an|a" %}

with

tagged as (
    select * from {{ ref('stg_raw__entity_spans') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

-- a name the tagger split at a line break of wrapped text ("Jose Luis" / "Machinea")
-- is one span: two spans of one type with nothing but the line break between them
neighbours as (
    select
        tagged.*,
        lead(tagged.start_char) over w as next_start,
        lead(tagged.end_char) over w as next_end,
        lead(tagged.span_text) over w as next_text,
        lead(tagged.entity_type) over w as next_type,
        lag(tagged.end_char) over w as previous_end,
        lag(tagged.entity_type) over w as previous_type,
        substring(articles.body, tagged.end_char + 1, 1) as char_after,
        substring(articles.body, tagged.start_char, 1) as char_before
    from tagged
    left join articles using (article_id)
    window w as (partition by tagged.article_id order by tagged.start_char)
),

spans as (
    select
        article_id,
        start_char,
        case when joins_next then next_end else end_char end as end_char,
        case when joins_next then span_text || chr(10) || next_text else span_text end as span_text,
        entity_type,
        sentence_index
    from (
        select
            *,
            coalesce(next_start = end_char + 1 and next_type = entity_type and char_after = chr(10), false) as joins_next,
            coalesce(previous_end + 1 = start_char and previous_type = entity_type and char_before = chr(10), false)
                as joined_to_previous
        from neighbours
    )
    where not joined_to_previous
),

-- the word right before the span, when it is a title the tagger left out ("Sir" in
-- "Sir Ian Blair")
preceding as (
    select
        spans.article_id,
        spans.start_char,
        lower(regexp_extract(
            substring(articles.body, greatest(spans.start_char - 15, 0) + 1, least(spans.start_char, 15)),
            '(\w+)\.?\s+$', 1)) as word
    from spans
    inner join articles using (article_id)
    where spans.entity_type = 'PERSON'
),

-- the characters glued to the front of a name are no part of it: Reuters writes an unlisted
-- company in angle brackets ("<TMOC Resources Ltd>"), quotes open a name ("\"Hotel Rwanda")
unglued as (
    select
        article_id, start_char, end_char, entity_type, sentence_index,
        -- and a capitalised adverb or preposition opening the sentence is not ("Eventually Asimo";
        -- seed entity_descriptors, kind opener)
        {{ wirehouse_regexp_replace_first(
            wirehouse_regexp_replace_first('span_text', literal('^[<>«»"“”‘*\[]+\s*'), "''"),
            literal('^(' ~ (openers | map('capitalize') | join('|')) ~ ')(\s+|$)'), "''") }} as span_text,
        span_text as tagged_text
    from spans
),

-- "LSE boss Clara Furse": a name and a lower-case role before the person
without_roles as (
    select
        spans.*,
        case
            when spans.entity_type = 'PERSON'
                and {{ wirehouse_regexp_matches('spans.span_text', literal('^(\S+\s+){1,3}(' ~ (roles | join('|')) ~ ')\s+\p{Lu}')) }}
                then {{ wirehouse_regexp_replace_first('spans.span_text', literal('^(\S+\s+){1,3}(' ~ (roles | join('|')) ~ ')\s+'), "''") }}
            else spans.span_text
        end as after_role
    from unglued as spans
),

without_titles as (
    select
        *,
        case
            when entity_type = 'PERSON'
                then {{ wirehouse_regexp_replace_first('after_role', "'(?i)^((' || " ~ seed_alternation('entity_titles', 'title') ~ " || '|'
                                    || " ~ literal(person_words | join('|')) ~ " || ')\\s+)+'", "''") }}
            else {{ wirehouse_regexp_replace_first(wirehouse_regexp_replace_first('after_role', "'^the\\s+'", "''"),
                                literal('^(' ~ (leads | join('|') | upper) ~ ')\s+'), "''") }}
        end as cut_lead
    from without_roles
),

-- keep the cut only when a capitalised name is left ("Tory leader" keeps "Tory", and
-- loses "leader" below)
with_lead as (
    select
        *,
        case when entity_type <> 'PERSON' or {{ wirehouse_regexp_matches('cut_lead', "'^[\\p{Lu}\\d]'") }} then cut_lead else after_role end
            as after_lead
    from without_titles
),

glued as (
    select
        *,
        case
            when entity_type in ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP')
                then {{ wirehouse_regexp_extract('after_lead', literal('^\S+(\s+((' ~ particles ~ ')\\b|&|[^\s\p{Ll}]\S*))*')) }}
            else after_lead
        end as without_tail
    from with_lead
),

trimmed as (
    select
        *,
        length(tagged_text) - length(after_lead) as lead_chars,
        lower(regexp_extract(left(span_text, length(span_text) - length(after_lead)), '^\W*(\w+)', 1)) as title,
        {{ wirehouse_regexp_replace_first('without_tail', literal("(\s|['’]s?|[-–—:;,!?(\[/<>«»\\x22“”*])+$"), "''") }} as name_text
    from glued
),

cleaned as (
    select
        trimmed.article_id,
        trimmed.start_char + lead_chars as start_char,
        trimmed.start_char + lead_chars + length(name_text) as end_char,
        name_text as mention_text,
        {{ wirehouse_regexp_replace_all('name_text', "'\\s+'", "' '") }} as name,
        entity_type,
        sentence_index,
        coalesce(nullif(title, ''), case
            when {{ wirehouse_regexp_full_match('preceding.word', seed_alternation('entity_titles', 'title')) }} then preceding.word
        end) as title
    from trimmed
    left join preceding using (article_id, start_char)
    where {{ wirehouse_regexp_matches('name_text', "'\\pL'") }}
        -- a title alone ("Crown Prince") names nobody
        and not (entity_type = 'PERSON'
                 and {{ wirehouse_regexp_full_match('lower(name_text)', "'(' || " ~ seed_alternation('entity_titles', 'title') ~ " || ')'") }})
),

contexts as (
    select
        cleaned.*,
        lower(substring(articles.body, greatest(cleaned.start_char - 30, 0) + 1, least(cleaned.start_char, 30))) as text_before,
        lower(substring(articles.body, cleaned.end_char + 1, 30)) as text_after
    from cleaned
    left join articles using (article_id)
),

final as (
    select
        article_id,
        start_char,
        end_char,
        mention_text,
        name,
        entity_type,
        sentence_index,
        title,
        case
            when {{ wirehouse_regexp_matches('text_before', literal('\\b(' ~ (org_cues | join('|')) ~ '),?\\s+$')) }} then 'ORG'
            when {{ wirehouse_regexp_matches('text_before', literal('\\b(' ~ (work_cues | join('|')) ~ '),?\\s+$')) }} then 'WORK_OF_ART'
            when {{ wirehouse_regexp_full_match("coalesce(title, '')", seed_alternation('entity_titles', 'title')) }}
                or {{ wirehouse_regexp_matches('text_before', "'(?i)\\b(' || " ~ seed_alternation('entity_titles', 'title') ~ " || ')\\.?\\s+$'") }}
                or {{ wirehouse_regexp_matches('text_before', literal('\\b(' ~ (roles | join('|')) ~ ')\\s+$')) }}
                or {{ wirehouse_regexp_matches('text_after', literal('^,?\\s+as\\s+(its\\s+|the\\s+|new\\s+)?(' ~ (roles | join('|')) ~ ')\\b')) }}
                then 'PERSON'
        end as type_cue
    from contexts
)

select * from final
