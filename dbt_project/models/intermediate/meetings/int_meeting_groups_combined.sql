-- The groups a meeting clause names as parties (int_meeting_groups) and the parties it
-- names by the people who act for them or as a pair (int_meeting_parties_referred: "the
-- Japanese delegation" is Japan, no group of its own): group_start and group_end cover
-- their words; entity_id is null for a group, the entity of a referred party when the
-- warehouse has one.

with

referred_countries as (
    select * from {{ ref('int_meeting_parties_referred') }}
),

referring_groups as (
    select distinct groups.article_id, groups.start_char, groups.group_start
    from {{ ref('int_meeting_groups') }} as groups
    inner join referred_countries
        on referred_countries.article_id = groups.article_id
        and referred_countries.start_char = groups.start_char
        and referred_countries.ref_start < groups.group_end
        and groups.group_start < referred_countries.ref_end
),

final as (
    select
        groups.article_id, groups.start_char, groups.group_start, groups.group_end,
        cast(null as {{ wirehouse_text() }}) as entity_id, groups.participant_name
    from {{ ref('int_meeting_groups') }} as groups
    left join referring_groups
        on referring_groups.article_id = groups.article_id
        and referring_groups.start_char = groups.start_char
        and referring_groups.group_start = groups.group_start
    where referring_groups.article_id is null
    union all
    select distinct article_id, start_char, ref_start, ref_end, entity_id, participant_name
    from referred_countries
)

select * from final
