{#- Every span's text must be exactly its slice of article.body (0-based, end exclusive). -#}
{% test text_matches_body(model, column_name) %}
with spans as (
    select * from {{ model }}
)

select spans.*
from spans
left join {{ ref('article') }} as article using (article_id)
where article.article_id is null
   or spans.{{ column_name }} is distinct from
      substring(article.body, spans.start_char + 1, spans.end_char - spans.start_char)
{% endtest %}
