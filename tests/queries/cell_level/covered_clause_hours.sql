-- covered_clause_hours.sql
-- Grain: one row, one boolean. Whether `clause_hours` holds rows of the selection in the
-- period (clause hours, by the resident's commune): without them the key figures read from
-- it are absent, not zero (queries/figures.py: COVERAGE).
-- Inputs: $communes, $start, $end
select count(*) > 0 as covered
from clause_hours
where resident_insee in (select unnest($communes::varchar[]))
  and month between $start and $end
