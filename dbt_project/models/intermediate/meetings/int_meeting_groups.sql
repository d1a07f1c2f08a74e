-- The groups a meeting clause names as parties ("held talks with creditor banks", "liaised
-- with several protest groups", "a U.S. Senate team", "trade ministers meeting here"):
--   1. its subject, or the first group after "with", "between", "and", "a meeting of" ...;
--   2. a second group after "and", "with", "between" ... ("Employers and the port union");
--   3. an acronym the annotator does not tag, named just before the meeting word ("the G7
--      meeting"), as written;
--   4. a group whose own meeting it is ("at a games industry meeting"): a party with the
--      clause's named parties;
-- and whether a plural group meets alone ("the major tobacco firms met": meets_alone).
-- A body's officials or delegation ("met SEC officials", "executives from New Line
-- Cinema") are the body, no group.
-- A group's words are written as in the text, without a leading article, quantifier or
-- conjunction, nor the words up to a preposition ("while consumers" is "consumers",
-- "negotiations with creditor banks" is "creditor banks", "five public sector unions" is
-- "public sector unions"); "the two leaders", "the five unions" refer back to named parties and are
-- no group, nor is a possessor ("their countries' relations"). A group of others ("representatives of cocoa consuming countries", "a working
-- group of consumers and producers") is those others; a group named in apposition ("the
-- port union, FNV,") is that name. group_start and group_end (0-based, in the body) cover
-- the group and its name, so a name inside it ("U.S. Senate" in "a U.S. Senate team") is no
-- party of its own (int_meeting_participants).
-- depends_on: {{ ref('meeting_keywords') }}

{%- set group_words = seed_rows('meeting_keywords', 'priority, pattern') | selectattr('kind', 'equalto', 'party_group')
                      | map(attribute='pattern') | join('|') %}
{%- set determiner = "(?:(?:the|a|an|several|some|its|their|his|her|other|various|all|many|[a-z]+'s|\\d[\\d,]*)\\s+)?" %}
{%- set group_core = '(?:[a-z][a-z.&\\x27-]*\\s+){0,3}(?:' ~ (group_words or 'no group words') ~ ')\\b' %}
{%- set first_phrase = '(^\\s*|\\b(?:with|between|and|among|against|said|says|that|met|meet|meets|(?:meeting|meetings|summit|conference)\\s+of)\\s+)(' ~ determiner
                       ~ '(' ~ group_core ~ '))' %}
{%- set body_meeting_of = "(\\b[A-Z][A-Za-z0-9]*|\\))('s)?\\s+((annual|special|emergency|ministerial|general|council)\\s+)?(meeting|meetings|summit|conference)\\s+of\\s" %}
{%- set second_phrase = '\\b(?:with|between|and|among|against)\\s+(' ~ determiner ~ '(' ~ group_core ~ '))' %}
{%- set of_phrase = '^\\s+(?:of|from|comprising)\\s+' ~ determiner ~ '(' ~ group_core ~ ')' %}
{%- set apposition = '^,\\s+([A-Z][A-Z0-9&-]{1,7}),' %}
{%- set acronym = "\\b([A-Z][A-Z0-9]{1,5})('s)?\\s+((annual|special|emergency|ministerial|general|council)\\s+)?(meeting|meetings|summit|talks|conference)\\b" %}
{%- set before_last_preposition = '^.*\\b(?:with|between|among|against|of|to|for|in|at|on|from|by|than|comprising|including|representing|talks|negotiations|meeting|meetings|met|meet|said|says|told)\\s+' %}
{%- set own_meeting = "(\\b(?:a|an|the|[a-z]+'s)\\s+)((?:[a-z][a-z-]*\\s+){0,2}(?:" ~ (group_words or 'no group words') ~ "|\\bindustry|\\bsector))\\s+(?:meeting|meetings|summit|talks|conference)\\b" %}
{%- set officials = '\\s+(officials|delegation|delegations|delegates|representatives|negotiators|envoys|diplomats|mission|missions)' %}
{%- set leading = '^((?:while|when|whereas|if|as|but|so|then|because|although|though|since|where|which|who|that|this|also|now|still|yet|not|only|even|and|or|to|of|in|at|on|for|by|is|are|was|were|be|been|will|would|said|says)\\s+)+' %}
{%- set and_split = '^(.*(?:' ~ (group_words or 'no group words') ~ '))\\s+and\\s+' %}
{%- set numbered = '^(?:two|three|four|five|six|seven|eight|nine|ten|\\d+)\\s+(\\S+\\s+\\S+.*)$' %}

with

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

mentions as (
    select article_id, start_char, end_char, surface_type from {{ ref('int_entities_canonicalized') }}
),

clause_texts as (
    select
        clauses.article_id,
        clauses.start_char,
        clauses.clause_start,
        clauses.trigger_char,
        substring(articles.body, clauses.clause_start + 1, clauses.clause_end - clauses.clause_start) as clause_text,
        lower(substring(articles.body, clauses.clause_start + 1, clauses.clause_end - clauses.clause_start)) as lowered
    from clauses
    inner join articles using (article_id)
),

-- the first group: its phrase, and where the phrase ends in the clause (0-based)
firsts as (
    select
        *,
        {{ wirehouse_regexp_extract('lowered', literal(first_phrase), 3) }} as group_text,
        instr(lowered, {{ wirehouse_regexp_extract('lowered', literal(first_phrase), 0) }}) - 1
            + length({{ wirehouse_regexp_extract('lowered', literal(first_phrase), 0) }}) as phrase_end
    from clause_texts
    where {{ wirehouse_regexp_matches('lowered', literal(first_phrase)) }}
        -- the members of a named body's meeting describe the body ("the G7 meeting of seven
        -- leading industrialised nations"): no group
        and not ({{ wirehouse_regexp_matches(wirehouse_regexp_extract('lowered', literal(first_phrase), 1), literal('\\sof\\s+$')) }}
            and {{ wirehouse_regexp_matches('clause_text', literal(body_meeting_of)) }})
),

-- a group of others is those others ("representatives of cocoa consuming countries")
firsts_of as (
    select
        *,
        {{ wirehouse_regexp_extract('substring(lowered, phrase_end + 1)', literal(of_phrase), 1) }} as inner_text,
        length({{ wirehouse_regexp_extract('substring(lowered, phrase_end + 1)', literal(of_phrase), 0) }}) as inner_length
    from firsts
),

first_groups as (
    select
        article_id, start_char, clause_start, clause_text, lowered,
        1 as group_rank,
        case when inner_text <> '' then inner_text else group_text end as group_text,
        phrase_end + coalesce(inner_length, 0) as group_end_offset
    from firsts_of
),

second_groups as (
    select
        article_id, start_char, clause_start, clause_text, lowered,
        2 as group_rank,
        {{ wirehouse_regexp_extract('substring(lowered, group_end_offset + 1)', literal(second_phrase), 2) }} as group_text,
        group_end_offset
            + instr(substring(lowered, group_end_offset + 1),
                    {{ wirehouse_regexp_extract('substring(lowered, group_end_offset + 1)', literal(second_phrase), 0) }}) - 1
            + length({{ wirehouse_regexp_extract('substring(lowered, group_end_offset + 1)', literal(second_phrase), 0) }})
            as group_end_offset
    from first_groups
    where {{ wirehouse_regexp_matches('substring(lowered, group_end_offset + 1)', literal(second_phrase)) }}
),

phrases as (
    select * from first_groups
    union all
    select * from second_groups
),

-- without a leading conjunction or a number before two or more words
trimmed as (
    select
        *,
        {{ wirehouse_regexp_replace_first(
            wirehouse_regexp_replace_first(
                wirehouse_regexp_replace_first('group_text', literal(before_last_preposition), "''"),
                literal(leading), "''"),
            literal(numbered), "'\\1'") }} as words
    from phrases
),

-- "consumers and producers" is two groups
splits as (
    select
        *,
        {{ wirehouse_regexp_extract('words', literal(and_split), 1) }} as first_part,
        length({{ wirehouse_regexp_extract('words', literal(and_split), 0) }}) as split_length
    from trimmed
),

parts as (
    select
        article_id, start_char, clause_start, clause_text, group_rank, group_end_offset,
        substring(words, coalesce(split_length, 0) + 1) as words
    from splits
    union all
    select
        article_id, start_char, clause_start, clause_text, group_rank,
        group_end_offset - length(words) + length(first_part) as group_end_offset,
        first_part as words
    from splits
    where first_part <> ''
),

named_groups as (
    select
        article_id,
        start_char,
        group_rank,
        (clause_start + group_end_offset - length(words))::integer as group_start,
        (clause_start + group_end_offset)::integer as group_end,
        substring(clause_text, group_end_offset - length(words) + 1, length(words)) as participant_name,
        {{ wirehouse_regexp_extract('substring(clause_text, group_end_offset + 1)', literal(apposition), 1) }} as apposition_name,
        length({{ wirehouse_regexp_extract('substring(clause_text, group_end_offset + 1)', literal(apposition), 0) }}) as apposition_length
    from parts
    where words <> ''
        -- a possessor is no party ("their countries' relations")
        and not {{ wirehouse_regexp_matches('substring(clause_text, group_end_offset + 1, 2)', literal("^['’]")) }}
        and not {{ wirehouse_regexp_matches('words', "'^(two|three|four|five|six|seven|eight|nine|ten|both|each|other|these|those|such|\\d+)\\b'") }}
),

-- a group word that ends a name ("met Federal Reserve Board Chairman Paul Volcker") is
-- that name's: no group
proper_names as (
    select distinct named_groups.article_id, named_groups.start_char, named_groups.group_start
    from named_groups
    inner join mentions
        on mentions.article_id = named_groups.article_id
        and mentions.start_char < named_groups.group_end
        and mentions.end_char >= named_groups.group_end
        and mentions.surface_type in ('PERSON', 'ORG', 'GPE')
),

word_groups as (
    select
        named_groups.article_id,
        named_groups.start_char,
        named_groups.group_rank,
        named_groups.group_start,
        named_groups.group_end + coalesce(named_groups.apposition_length, 0) as group_end,
        case when named_groups.apposition_name <> '' then named_groups.apposition_name
            else named_groups.participant_name end as participant_name
    from named_groups
    left join proper_names
        on proper_names.article_id = named_groups.article_id
        and proper_names.start_char = named_groups.start_char
        and proper_names.group_start = named_groups.group_start
    where proper_names.article_id is null
),

-- "the G7 meeting": an acronym before the meeting word that is no mention
acronyms as (
    select
        clause_texts.article_id,
        clause_texts.start_char,
        3 as group_rank,
        (clause_texts.clause_start + instr(clause_texts.clause_text,
            {{ wirehouse_regexp_extract('clause_texts.clause_text', literal(acronym), 0) }}) - 1)::integer as group_start,
        {{ wirehouse_regexp_extract('clause_texts.clause_text', literal(acronym), 1) }} as participant_name
    from clause_texts
    where {{ wirehouse_regexp_matches('clause_texts.clause_text', literal(acronym)) }}
),

-- (overlaps and near names are joins, not correlated subqueries with inequalities: Spark
-- decorrelates equalities only)
covered_acronyms as (
    select distinct acronyms.article_id, acronyms.start_char, acronyms.group_start
    from acronyms
    inner join mentions
        on mentions.article_id = acronyms.article_id
        and mentions.start_char < acronyms.group_start + length(acronyms.participant_name)
        and acronyms.group_start < mentions.end_char
),

acronym_groups as (
    select
        acronyms.article_id,
        acronyms.start_char,
        acronyms.group_rank,
        acronyms.group_start,
        (acronyms.group_start + length(acronyms.participant_name))::integer as group_end,
        acronyms.participant_name
    from acronyms
    left join covered_acronyms
        on covered_acronyms.article_id = acronyms.article_id
        and covered_acronyms.start_char = acronyms.start_char
        and covered_acronyms.group_start = acronyms.group_start
    where covered_acronyms.article_id is null
),

-- "a games industry meeting": the group whose meeting it is
own_groups as (
    select
        article_id,
        start_char,
        4 as group_rank,
        (clause_start + instr(lowered, {{ wirehouse_regexp_extract('lowered', literal(own_meeting), 0) }}) - 1
            + length({{ wirehouse_regexp_extract('lowered', literal(own_meeting), 1) }}))::integer as group_start,
        {{ wirehouse_regexp_extract('lowered', literal(own_meeting), 2) }} as words,
        clause_start,
        clause_text
    from clause_texts
    where {{ wirehouse_regexp_matches('lowered', literal(own_meeting)) }}
),

own_meeting_groups as (
    select
        article_id,
        start_char,
        group_rank,
        group_start,
        (group_start + length(words))::integer as group_end,
        substring(clause_text, group_start - clause_start + 1, length(words)) as participant_name
    from own_groups
    where not {{ wirehouse_regexp_matches('words', "'^(two|three|four|five|six|seven|eight|nine|ten|both|each|other|these|those|such|\\d+)\\b'") }}
),

groups as (
    select * from word_groups
    union all
    select * from acronym_groups
    union all
    select * from own_meeting_groups
),

-- a body's officials, delegation or executives stand for the body ("SEC officials",
-- "executives from New Line Cinema", "Argentina's negotiating team"): no group of their own
standing_for_names as (
    -- "Argentina's negotiating team"
    select distinct groups.article_id, groups.start_char, groups.group_start
    from groups
    inner join mentions
        on mentions.article_id = groups.article_id
        and mentions.end_char < groups.group_start
        and mentions.end_char >= groups.group_start - 4
    inner join articles on articles.article_id = groups.article_id
    where {{ wirehouse_regexp_full_match(
        'substring(articles.body, mentions.end_char + 1, groups.group_start - mentions.end_char)',
        literal("['’]s\\s+")) }}
    union
    -- "SEC officials"
    select distinct groups.article_id, groups.start_char, groups.group_start
    from groups
    inner join mentions
        on mentions.article_id = groups.article_id
        and mentions.start_char = groups.group_start
    where {{ wirehouse_regexp_full_match(
        'lower(substring(groups.participant_name, mentions.end_char - mentions.start_char + 1))', literal(officials)) }}
    union
    -- "executives from New Line Cinema"
    select distinct groups.article_id, groups.start_char, groups.group_start
    from groups
    inner join mentions
        on mentions.article_id = groups.article_id
        and mentions.start_char > groups.group_end
        and mentions.start_char <= groups.group_end + 10
    inner join articles on articles.article_id = groups.article_id
    where {{ wirehouse_regexp_full_match(
        'substring(articles.body, groups.group_end + 1, mentions.start_char - groups.group_end)',
        literal('\\s+(from|of|at)\\s+(the\\s+)?')) }}
),

-- meets_alone: a plural group of two or more words that meets, no one named with it
-- ("executives from the major tobacco firms met and agreed"; not a headline's "Leaders
-- meet"): a meeting of its members (int_meeting_participants)
final as (
    select
        groups.*,
        {{ wirehouse_regexp_matches('groups.participant_name', literal('\\S\\s+\\S.*s$')) }}
            and {{ wirehouse_regexp_matches(
                'lower(substring(articles.body, groups.group_end + 1, 20))',
                literal('^\\s+(met|meet|gathered|gather|convened)\\b')) }} as meets_alone
    from groups
    inner join articles on articles.article_id = groups.article_id
    left join standing_for_names
        on standing_for_names.article_id = groups.article_id
        and standing_for_names.start_char = groups.start_char
        and standing_for_names.group_start = groups.group_start
    where standing_for_names.article_id is null
)

select * from final
