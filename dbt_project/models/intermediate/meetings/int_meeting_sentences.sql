-- Passages that report a meeting: each sentence is cut at blank lines (the annotator's
-- sentences can run over several paragraphs), and a passage reports a meeting when a
-- meeting_keywords pattern matches it and no not_meeting pattern does (a title such as
-- "Meet the Press" is masked first).
-- depends_on: {{ ref('meeting_keywords') }}
-- Per article, so incremental: a build reads the sentences of new articles only.

{{ config(materialized='incremental', on_schema_change='fail') }}

{#- party_group rows name the groups a meeting clause can have as a party (int_meeting_participants) -#}
{%- set keywords = seed_rows('meeting_keywords', 'priority, pattern') | rejectattr('kind', 'equalto', 'party_group') | list %}

with

sentences as (
    select * from {{ ref('stg_raw__sentences') }}
    {{ only_new_articles() }}
),

articles as (
    select article_id, published_date, body from {{ ref('stg_raw__articles') }}
),

sentence_texts as (
    select
        sentences.article_id,
        sentences.sentence_index,
        sentences.start_char,
        articles.published_date,
        substring(articles.body, sentences.start_char + 1, sentences.end_char - sentences.start_char) as sentence_text
    from sentences
    inner join articles using (article_id)
),

with_previous as (
    select
        *,
        lag(sentence_text) over (partition by article_id order by sentence_index) as previous_text
    from sentence_texts
),

paragraph_parts as (
    select
        article_id,
        sentence_index,
        start_char,
        published_date,
        previous_text,
        {{ wirehouse_unnest_with_index(wirehouse_split('sentence_text', 'chr(10) || chr(10)'), 'passage', 'part_index') }}
    from with_previous
),

passages as (
    select
        article_id,
        sentence_index,
        part_index,
        published_date,
        (start_char
            + coalesce(sum(length(passage) + 2) over (
                partition by article_id, sentence_index order by part_index
                rows between unbounded preceding and 1 preceding), 0))::integer as start_char,
        passage,
        -- a capitalised "Meet" before a name is a title ("Meet the Fockers", NBC's "Meet the
        -- Press"), no meeting: masked, its length kept, before the patterns are matched
        lower({{ wirehouse_regexp_replace_all('passage', literal('\\bMeet(s?(\\s+the)?\\s+\\p{Lu})'), "'____\\1'") }}) as context,
        -- the previous sentence, for a passage that names neither date nor both parties
        case when part_index = 1 then lower(previous_text) end as previous_context
    from paragraph_parts
    where trim(passage) <> ''
),

keyword_matches as (
    {%- for keyword in keywords %}
    select
        article_id,
        sentence_index,
        part_index,
        {{ literal(keyword['kind']) }} as kind,
        {% if keyword['format'] %}{{ literal(keyword['format']) }}{% else %}cast(null as {{ wirehouse_text() }}){% endif %} as format,
        {{ keyword['priority'] }} as priority,
        instr(context, {{ wirehouse_regexp_extract('context', literal(keyword['pattern'])) }}) - 1 as trigger_offset
    from passages
    where {{ wirehouse_regexp_matches('context', literal(keyword['pattern'])) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

passage_kinds as (
    select
        article_id,
        sentence_index,
        part_index,
        bool_or(kind = 'not_meeting') as is_excluded,
        bool_or(kind = 'visit') and not bool_or(kind = 'meeting' and format is not null) as is_visit,
        min_by(format, priority) filter (where format is not null) as format,
        min(trigger_offset) filter (where kind <> 'not_meeting') as trigger_offset
    from keyword_matches
    group by article_id, sentence_index, part_index
),

meeting_passages as (
    select
        passages.article_id,
        passages.sentence_index,
        passages.start_char,
        (passages.start_char + length(passages.passage))::integer as end_char,
        passages.published_date,
        passages.context,
        passages.previous_context,
        passage_kinds.format,
        passage_kinds.is_visit,
        (passages.start_char + passage_kinds.trigger_offset)::integer as trigger_char
    from passages
    inner join passage_kinds using (article_id, sentence_index, part_index)
    where not passage_kinds.is_excluded
)

select * from meeting_passages
