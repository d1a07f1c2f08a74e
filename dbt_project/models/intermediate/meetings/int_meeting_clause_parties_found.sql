-- The names of each meeting clause that can be its parties: people, organisations and
-- countries from the clause's start to its end (int_meeting_clauses), less the places it is
-- held in or travelled to ("in Beijing", "at the White House", "in the Plaza Hotel, New York"), its topic ("on
-- Russia-China relations"), the source of the report ("according to CCTV"), a place named
-- before the meeting word ("the Geneva summit"), the first half of a compound
-- ("China-Russia relations") and a name in an apposition that describes the party before
-- it ("X, an affiliate of Y"). `is_modifier` marks a country or organisation that only
-- describes the person after it ("US President George W Bush", "World Bank
-- Vice-President David Knox"): no party of its own (int_meeting_participants).

with

names as (
    select entity_id, entity_type from {{ ref('int_entity_names_resolved') }}
),

mentions as (
    select canonicalized.article_id, canonicalized.start_char, canonicalized.end_char, canonicalized.entity_id, names.entity_type
    from {{ ref('int_entities_canonicalized') }} as canonicalized
    inner join names using (entity_id)
    -- the agency, its sign-off at the end of a story ("REUTER") or its reporters ("told Reuters"), is no party
    where lower(canonicalized.mention_text) not in ('reuter', 'reuters')
),

articles as (
    select article_id, body from {{ ref('stg_raw__articles') }}
),

clauses as (
    select * from {{ ref('int_meeting_clauses') }}
),

clause_parties as (
    select
        clauses.article_id,
        clauses.start_char,
        mentions.entity_id,
        mentions.entity_type,
        mentions.start_char as mention_start,
        mentions.end_char as mention_end
    from clauses
    inner join articles using (article_id)
    inner join mentions
        on mentions.article_id = clauses.article_id
        and mentions.start_char >= clauses.clause_start
        and mentions.end_char <= clauses.clause_end
    where mentions.entity_type in ('PERSON', 'ORG', 'GPE')
        -- nor a name in the topic before the other party ("on Argentina's debt with creditor banks")
        and not coalesce(mentions.start_char >= clauses.topic_start and mentions.start_char < clauses.topic_end, false)
        -- a place the meeting is held in or travelled to is not a party ("in Beijing", "at
        -- the White House"), nor a topic ("on Russia-China relations", "to discuss Iraq"); an
        -- organisation whose own meeting it is is ("at the GenCorp Inc annual meeting")
        and (not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15)))',
            "'\\b(in|at|near|outside|inside|into|on|about|over|regarding|concerning|toward|towards|discuss|discussed|discussing)( the)?\\s+$|\\pL-$'") }}
            or (mentions.entity_type = 'ORG' and {{ wirehouse_regexp_matches(
                'lower(substring(articles.body, mentions.end_char + 1, 40))',
                literal("^(\\s*\\([^)]*\\))?('s)?\\s+((annual|special|emergency|extraordinary|ministerial|general|board|council)\\s+)?(meeting|meetings|summit|talks|conference)\\b")) }}))
        -- "from" a place is where a party comes from ("returned from Beijing"), but a
        -- delegation or officials from a country or a body are its ("the delegation from the CBI")
        and not (mentions.entity_type = 'GPE' and {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15)))',
            "'\\bfrom( the)?\\s+$'") }} and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 40, 0) + 1, least(mentions.start_char, 40)))',
            "'\\b(delegation|delegations|delegates|officials|representatives|ministers|envoys|negotiators|executives|team)\\s+from( the)?\\s+$'") }})
        -- "to" or "for" a place is where the meeting is ("travelled to Beijing", "leaves for
        -- New York"); "to" a person or a company is a party ("talks to sell the stores to F.W. Woolworth Co")
        and not (mentions.entity_type = 'GPE' and {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15)))',
            "'\\b(to|for)( the)?\\s+$'") }})
        -- nor the town of a place it is held in ("in the Plaza Hotel, New York")
        and not (mentions.entity_type = 'GPE' and {{ wirehouse_regexp_matches(
            'substring(articles.body, greatest(mentions.start_char - 50, 0) + 1, least(mentions.start_char, 50))',
            literal("\\b(in|at)\\s+(the\\s+)?(\\p{Lu}[\\pL.'-]*\\s+){0,4}\\p{Lu}[\\pL.'-]*,\\s+$")) }})
        -- nor the source of the report ("according to CCTV", "reported by Tass")
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 25, 0) + 1, least(mentions.start_char, 25)))',
            "'\\b(according to|reported by|quoted by)( the)?\\s+$'") }}
        -- nor a place named before the meeting word or a building ("the Downing Street talks",
        -- "the Geneva summit", "the foreign secretary's official Kent house"; "Britain's talks"
        -- are Britain's)
        and not (mentions.entity_type = 'GPE' and {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, mentions.end_char + 1, 30))',
            "'^\\s+(talks|summit|meeting|meetings|negotiations|conference)\\b'") }})
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, mentions.end_char + 1, 30))',
            "'^\\s+(house|residence|home|hotel|headquarters|offices?|palace|embassy)\\b'") }}
        -- nor the name of a building it is held in ("official Kent house, Chevening")
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 15, 0) + 1, least(mentions.start_char, 15)))',
            "'\\b(house|residence|home|hotel|headquarters|offices?|palace|embassy),\\s+$'") }}
        -- nor the first half of a compound ("China-Russia relations")
        and not {{ wirehouse_regexp_matches('substring(articles.body, mentions.end_char + 1, 2)', "'^-\\pL'") }}
        -- nor a name in an apposition that describes the party before it ("GAMCO
        -- Investors Inc, an affiliate of Gabelli and Co, ...", "the IMF team, led by ... Paul Acquah,")
        and not {{ wirehouse_regexp_matches(
            'lower(substring(articles.body, greatest(mentions.start_char - 40, 0) + 1, least(mentions.start_char, 40)))',
            "',\\s+(a|an|the)\\s+[a-z\\s-]{0,30}\\bof\\s+$|,\\s+(led|headed|accompanied)\\s+by\\s+[a-z\\s-]{0,30}$'") }}
),

-- a country or organisation that only describes the person after it ("US President
-- George W Bush", "World Bank Vice-President David Knox", "International Monetary Fund
-- (IMF) head Michel Camdessus", and the bracketed "IMF" too) is not a party of its own
modifiers as (
    select distinct clause_parties.article_id, clause_parties.start_char, clause_parties.mention_start
    from clause_parties
    inner join mentions as person
        on person.article_id = clause_parties.article_id
        and person.entity_type = 'PERSON'
        and person.start_char > clause_parties.mention_end
        and person.start_char <= clause_parties.mention_end + 40
    inner join articles on articles.article_id = clause_parties.article_id
    where clause_parties.entity_type in ('GPE', 'ORG')
        and {{ wirehouse_regexp_full_match(
            'substring(articles.body, clause_parties.mention_end + 1, person.start_char - clause_parties.mention_end)',
            literal("\)?(\s*\([^)]*\))?('s)?(\s+[\pL.-]+){0,4}\s+")) }}
        and not {{ wirehouse_regexp_matches(
            'substring(articles.body, clause_parties.mention_end + 1, person.start_char - clause_parties.mention_end)',
            "'\\b(and|with|between|met|meet|meets|talks|to|of|by|from)\\b'") }}
),

final as (
    select
        clause_parties.*,
        modifiers.article_id is not null as is_modifier
    from clause_parties
    left join modifiers
        on modifiers.article_id = clause_parties.article_id
        and modifiers.start_char = clause_parties.start_char
        and modifiers.mention_start = clause_parties.mention_start
)

select * from final
