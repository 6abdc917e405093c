-- covered_ml_young.sql
-- Grain: one row, one boolean. Whether `ml_young` holds rows of the selection in the
-- period (young people's first registrations at the Mission Locale): without them the key
-- figures read from it are absent, not zero (queries/figures.py: COVERAGE_OF).
-- Inputs: $communes, $start, $end
select count(*) > 0 as covered
from ml_young
where code_insee in (select unnest($communes::varchar[]))
  and registration_date between $start and $end
