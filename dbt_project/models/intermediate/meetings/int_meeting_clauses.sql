-- The meeting clause of each passage that reports a meeting: from the last ";", ":", dash,
-- subordinating "when", "while", "because" ... ("European Community consumers were
-- split when the ICCO met in January": the ICCO met) or reported speech's "said" with a
-- subject after it ("Yeutter said he will meet ...": he will meet) before the meeting word to the first clause break after it (a ";", a dash, ", which",
-- ", said", "said", "who are ...", the topic "on ..." or "to discuss ...", another event "after ...", a main
-- clause ", he ...", ", and the ...", the comma after a fronted "At the January meeting, ..."). A date after "on" or "over" ("on Monday", "over the weekend") is no
-- topic. Offsets are 0-based in the article body, as start_char.
-- depends_on: {{ ref('calendar_words') }}

{%- set calendar = seed_values('calendar_words', 'word') | join('|') or 'no calendar words' %}

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

clauses as (
    select
        article_id,
        start_char,
        trigger_char,
        end_char,
        context,
        start_char + greatest(
            length(regexp_extract(
                substring(context, 1, trigger_char - start_char),
                '^(.*(;|:|\s[—–]\s|\s--\s|\b(when|while|whereas|because|although|though|until|unless)\s))', 1)),
            -- reported speech: the clause after "said" when a subject follows ("Yeutter said he
            -- will meet ...", "officials said the two leaders met", "Tass said Gorbachev met";
            -- not "said on return from talks", "said talks with Japan")
            length(regexp_extract(
                substring(articles.body, start_char + 1, trigger_char - start_char),
                '^(.*\b(said|says|told [a-z]+|added)\s+(that\s+)?)((he|she|they|we|it|the|a|an|both|his|her|their|its|two|another|other|this|these|those|some)\s|\p{Lu})', 1)),
            -- the same after "noted", "announced" ... with a name or a pronoun after it ("Miller
            -- noted Secretary Schultz is scheduled to meet"; not "announced the talks")
            length(regexp_extract(
                substring(articles.body, start_char + 1, trigger_char - start_char),
                '^(.*\b(noted|notes|pointed out|stated|announced|confirmed|disclosed|reported)\s+(that\s+)?)((he|she|they|we)\s|\p{Lu})', 1)),
            -- and after any of them with "that" ("the spokeswoman pointed out that many companies ...")
            length(regexp_extract(
                substring(articles.body, start_char + 1, trigger_char - start_char),
                '^(.*\b(noted|notes|pointed out|stated|announced|confirmed|disclosed|reported)\s+that\s+)\S', 1)),
            -- talks named as the end or outcome someone judges ("Raimond predicted a successful end to
            -- negotiations to admit ..."): the one who judges is no party, the clause is the talks'
            length(regexp_extract(
                substring(context, 1, trigger_char - start_char),
                '^(.*\b(end|outcome|result|results|success|failure|collapse|conclusion|breakdown)\s+(to|of)\s+(the\s+)?)$', 1))
        ) as clause_start,
        -- the clause ends at its topic too ("on Argentina's debt", "to discuss ..."), but
        -- not at a date ("on Monday", "over the weekend": "on" becomes "xx" first), and where
        -- another event or a main clause begins ("took place days after G7 ministers
        -- reviewed ...", "after his meeting with Xi, he said that ...")
        trigger_char + coalesce(nullif(instr(
            {{ wirehouse_regexp_replace_first(
                wirehouse_regexp_replace_all(
                    'substring(context, trigger_char - start_char + 1)',
                    literal('\\b(?:on|over)(\\s+(?:the\\s+)?(?:' ~ calendar ~ '|\\d|weekend|past|next|last|coming|previous|same|following))'),
                    "'xx\\1'"),
                "';|\\s[—–]\\s|\\s--\\s|, (which|who|where|while|but|then|said|says|according|adding|added)\\b|\\s(who|which) (is|are|was|were|has|have|had)\\b|\\b(said|says|told|added)\\b'
                || '|\\s(on|about|over|regarding|concerning)\\s|\\bto (discuss|debate|review|consider|help|resolve|settle|solve|end|avert|ease)\\b'
                || '|\\b(after|before|since|because|although|though|whereas|following)\\s|,\\s+(and\\s+)?(he|she|they|we|it|i)\\s|,\\s+and\\s+the\\s'",
                'chr(1)') }},
            chr(1)), 0) - 1, end_char - trigger_char) as clause_end,
        passages.is_visit
    from passages
    inner join articles using (article_id)
),

-- a topic followed by the other party ("negotiations on debt repayment with 11 creditor
-- banks"): the clause goes on past the topic to the "with" or "between" phrase, and ends at
-- its first break; topic_start and topic_end are the topic's words, no party's
{%- set topic_then_party = '^\\s(on|about|over|regarding|concerning)\\s[^,;]{0,70}?\\s(with|between)\\s' %}
with_topics as (
    select
        *,
        case when {{ wirehouse_regexp_matches('substring(context, clause_end - start_char + 1, 90)', literal(topic_then_party)) }}
            then clause_end end as topic_start,
        case when {{ wirehouse_regexp_matches('substring(context, clause_end - start_char + 1, 90)', literal(topic_then_party)) }}
            then clause_end + length({{ wirehouse_regexp_extract('substring(context, clause_end - start_char + 1, 90)', literal(topic_then_party)) }})
        end as party_start
    from clauses
),

topics as (
    select
        article_id, start_char, trigger_char, end_char, context, clause_start,
        case when party_start is null then clause_end
            else party_start + coalesce(nullif(instr(
                {{ wirehouse_regexp_replace_first(
                    'substring(context, party_start - start_char + 1)',
                    literal('[,;]|\\s(on|about|over|to|after|before|which|who|said|says|in|at)\\s'), 'chr(1)') }},
                chr(1)), 0) - 1, end_char - party_start)
        end as clause_end,
        topic_start,
        case when party_start is not null then party_start end as topic_end,
        is_visit
    from with_topics
),

-- a meeting named in a fronted adjunct ("At the January meeting, France sided with
-- producers", "Ahead of Sunday's meeting in London, Ms Hewitt said ...") is that phrase
-- alone: the main clause after its comma is no meeting clause
fronted as (
    select
        article_id,
        start_char,
        trigger_char,
        end_char,
        context,
        clause_start,
        case
            when {{ wirehouse_regexp_matches(
                    'substring(context, clause_start - start_char + 1, trigger_char - clause_start)',
                    literal('^\\s*(at|during|ahead of|after|before|following|since|on the eve of)\\s+[^,]*$')) }}
                and instr(substring(context, trigger_char - start_char + 1, clause_end - trigger_char), ',') > 0
            then trigger_char + instr(substring(context, trigger_char - start_char + 1, clause_end - trigger_char), ',') - 1
            else clause_end
        end as clause_end,
        topic_start,
        topic_end,
        is_visit
    from topics
)

select * from fronted
