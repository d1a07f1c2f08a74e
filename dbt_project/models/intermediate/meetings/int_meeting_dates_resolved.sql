-- The date of each reported meeting, resolved against the article's published_date.
-- Day-first dates ("15 December, 1953", "on 4 February") read as month-first ones do.
-- The date is read from the passage (the expression nearest the meeting word), or else
-- from the sentence before it (the expression nearest its end); the tense
-- of that text says which way a weekday or a month without a year goes ("will", "is due
-- to", "scheduled" ... look forward): "will meet on
-- Wednesday" is the next Wednesday (or the same day), "met on Wednesday" the last one.
-- A month gives the first of the month with date_precision 'month'; relative days and
-- weeks resolve against the article date too: "this afternoon" is its day, "last night"
-- the day before, "tomorrow" the next day, "next week"
-- the Monday of next week (precision 'week'), "next month" the first of next month, and
-- a meeting reported as under way ("are negotiating", "meeting here", "talks are under
-- way") the article's day.
-- A passage with no date, or in an undated article one whose date needs the article's
-- (a weekday, "tomorrow", a month without a year), gets no row here: the meeting is kept
-- with a null date (int_meeting_reports).
-- depends_on: {{ ref('calendar_words') }}

{%- set words = seed_rows('calendar_words', 'number, word') %}
{%- set months = words | selectattr('kind', 'equalto', 'month') | list %}
{%- set weekdays = words | selectattr('kind', 'equalto', 'weekday') | list %}
{%- set month = '(' ~ (months | map(attribute='word') | join('|')) ~ ')' %}
{%- set weekday = '(' ~ (weekdays | map(attribute='word') | join('|')) ~ ')' %}
{#- the date expressions: what each says, how specific it is (lowest first), its pattern -#}
{%- set expressions = [
    ('full_date', 1, '\\b' ~ month ~ ' (\\d{1,2}),? (\\d{4})\\b', ['month', 'day', 'year']),
    ('day_month_year', 1, '\\b(\\d{1,2}) ' ~ month ~ ',? (\\d{4})\\b', ['day', 'month', 'year']),
    ('month_year', 2, '\\b' ~ month ~ ',? (\\d{4})\\b', ['month', 'year']),
    ('month_day', 3, '\\b' ~ month ~ ' (\\d{1,2})\\b', ['month', 'day']),
    ('day_month', 3, '\\b(\\d{1,2}) ' ~ month ~ '\\b', ['day', 'month']),
    ('weekday', 4, '\\b' ~ weekday ~ '\\b', ['name']),
    ('month', 5, '\\b(?:in|during|early|late|mid|this|next|last|since|until|by) ' ~ month ~ '\\b', ['month']),
    ('today', 6, '\\b(today|tonight|this (?:morning|afternoon|evening))\\b', ['word']),
    ('yesterday', 6, '\\b(yesterday|last night)\\b', ['word']),
    ('tomorrow', 6, '\\b(tomorrow)\\b', ['word']),
    ('last_month', 6, '\\b(last month|earlier this month)\\b', ['word']),
    ('next_month', 6, '\\b(next month|later this month)\\b', ['word']),
    ('this_month', 6, '\\b(this month)\\b', ['word']),
    ('next_week', 6, '\\b(next week)\\b', ['word']),
    ('this_week', 6, '\\b(this week|later this week)\\b', ['word']),
    ('last_week', 6, '\\b(last week)\\b', ['word']),
    ('under_way', 7, '\\b((?:are|is) (?:negotiating|meeting|holding talks)|meeting here|talks here|(?:talks|negotiations|discussions) (?:are|is) (?:under ?way|continuing|in progress))\\b', ['word']),
] %}
{%- set any_date = expressions | map(attribute=2) | join('|') %}
{%- set all_groups = ['month', 'day', 'year', 'name', 'word'] %}
{%- set future = '\\b(will|shall|to meet|going to|plans? to|scheduled|next|due to|expected to|set to)\\b' %}

{#- a CASE that turns a month or weekday name (the placeholder @) into its number -#}
{%- set month_case -%}
    case @{% for row in months %} when {{ literal(row['word']) }} then {{ row['number'] }}{% endfor %} end
{%- endset %}
{%- set weekday_case -%}
    case @{% for row in weekdays %} when {{ literal(row['word']) }} then {{ row['number'] }}{% endfor %} end
{%- endset %}

with

passages as (
    select * from {{ ref('int_meeting_sentences') }}
),

-- the text the date is read from; "said on Monday" dates the statement, not the meeting
date_texts as (
    select
        article_id,
        start_char,
        published_date,
        {{ wirehouse_regexp_matches('context', literal(any_date)) }} as in_passage,
        -- where the meeting word is; for the sentence before, its end (nearest the passage)
        case
            when {{ wirehouse_regexp_matches('context', literal(any_date)) }} then trigger_char - start_char
            else length(previous_context)
        end as trigger_offset,
        {{ wirehouse_regexp_replace_all('''
            case
                when ''' ~ wirehouse_regexp_matches('context', literal(any_date)) ~ ''' then context
                when ''' ~ wirehouse_regexp_matches("coalesce(previous_context, '')", literal(any_date)) ~ ''' then previous_context
            end''',
            literal('\\b(said|says|told|announced|added|stated)( \\w+)? on ' ~ weekday ~ '\\b'),
            "''") }} as date_text
    from passages
),

texts as (
    select
        *,
        {{ wirehouse_regexp_matches("coalesce(date_text, '')", literal(future)) }} as is_future
    from date_texts
    -- an undated article's meetings are dated only by a date with its year ("15 December, 1953")
    where date_text is not null
),

-- every date expression in the text, and where it is
expressions as (
    {%- for name, priority, pattern, groups in expressions %}
    select
        article_id,
        start_char,
        published_date,
        is_future,
        trigger_offset,
        {{ literal(name) }} as expression,
        {{ priority }} as priority,
        instr(date_text, {{ wirehouse_regexp_extract('date_text', literal(pattern)) }}) - 1 as position,
        length({{ wirehouse_regexp_extract('date_text', literal(pattern)) }}) as match_length,
        {{ wirehouse_regexp_extract_groups('date_text', literal(pattern), groups, all_groups) }} as parts
    from texts
    where {{ wirehouse_regexp_matches('date_text', literal(pattern)) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

-- "june 2019" is one expression, not also "in june": a more specific match that
-- overlaps a less specific one hides it
specific as (
    select *
    from expressions
    where not exists (
        select 1
        from expressions as better
        where better.article_id = expressions.article_id
            and better.start_char = expressions.start_char
            and better.priority < expressions.priority
            and better.position < expressions.position + expressions.match_length
            and expressions.position < better.position + better.match_length
    )
),

-- the expression nearest the meeting word
nearest as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by article_id, start_char
                order by abs(position - trigger_offset), priority) as nearness
        from specific
    ) as ranked
    where nearness = 1
),

candidates as (
    select
        article_id,
        start_char,
        published_date,
        is_future,
        case expression
            when 'full_date' then {{ wirehouse_try('make_date(parts.year::integer, ' ~ month_case | replace('@', 'parts.month') ~ ', parts.day::integer)') }}
            when 'day_month_year' then {{ wirehouse_try('make_date(parts.year::integer, ' ~ month_case | replace('@', 'parts.month') ~ ', parts.day::integer)') }}
            when 'day_month' then {{ wirehouse_try('make_date(year(published_date), ' ~ month_case | replace('@', 'parts.month') ~ ', parts.day::integer)') }}
            when 'month_year' then make_date(parts.year::integer, {{ month_case | replace('@', 'parts.month') }}, 1)
            when 'month_day' then {{ wirehouse_try('make_date(year(published_date), ' ~ month_case | replace('@', 'parts.month') ~ ', parts.day::integer)') }}
            when 'weekday' then published_date + (case
                when is_future then ({{ weekday_case | replace('@', 'parts.name') }} - {{ wirehouse_isodow('published_date') }} + 7) % 7
                else -(({{ wirehouse_isodow('published_date') }} - {{ weekday_case | replace('@', 'parts.name') }} + 7) % 7)
            end)::integer
            when 'month' then make_date(year(published_date), {{ month_case | replace('@', 'parts.month') }}, 1)
            when 'today' then published_date
            when 'under_way' then published_date
            when 'yesterday' then published_date - 1
            when 'tomorrow' then published_date + 1
            when 'last_month' then date_trunc('month', published_date - interval 1 month)::date
            when 'next_month' then date_trunc('month', published_date + interval 1 month)::date
            when 'this_month' then date_trunc('month', published_date)::date
            when 'next_week' then date_trunc('week', published_date + 7)::date
            when 'this_week' then date_trunc('week', published_date)::date
            when 'last_week' then date_trunc('week', published_date - 7)::date
        end as stated_date,
        case
            when expression in ('month_year', 'month', 'last_month', 'next_month', 'this_month') then 'month'
            when expression in ('next_week', 'this_week', 'last_week') then 'week'
            else 'day'
        end as date_precision,
        -- a month or day without a year: the year that puts it on the side of the tense
        expression in ('month_day', 'day_month', 'month') as year_inferred
    from nearest
),

resolved as (
    select
        article_id,
        start_char,
        case
            when not year_inferred then stated_date
            when is_future and stated_date < date_trunc('month', published_date) then stated_date + interval 1 year
            when not is_future and stated_date > published_date then stated_date - interval 1 year
            else stated_date
        end::date as meeting_date,
        date_precision
    from candidates
    where stated_date is not null
)

select * from resolved
