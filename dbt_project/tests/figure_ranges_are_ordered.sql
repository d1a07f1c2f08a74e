-- A range has both ends, low before high; no other figure has a high end.
select figure_id, qualifier, value, value_high
from {{ ref('figure') }}
where (qualifier = 'range') <> (value_high is not null)
    or value_high < value
