with

source as (
    select * from {{ source('raw', 'number_span') }}
),

renamed as (
    select
        article_id,
        cast(start_char as integer) as start_char,
        cast(end_char as integer) as end_char,
        span_text,
        label as number_type,
        cast(sentence_index as integer) as sentence_index,
        -- the figure the annotator read from the span (loader/annotate/amounts.py); null when it is none
        value,
        value_high,
        unit,
        unit_kind,
        qualifier,
        coalesce(unit_inferred, false) as unit_inferred,
        metric,
        period_start,
        period_end,
        subject_starts,
        source_starts,
        annotator,
        annotator_version
    from source
)

select * from renamed
