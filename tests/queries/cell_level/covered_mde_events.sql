-- covered_mde_events.sql
-- Grain: one row, one boolean. Whether `mde_events` holds rows of the selection in the
-- period (Maison de l'Emploi events): without them the key figures read from it are
-- absent, not zero (queries/figures.py: COVERAGE).
-- Inputs: $communes, $start, $end
select count(*) > 0 as covered
from mde_events
where code_insee in (select unnest($communes::varchar[]))
  and event_date between $start and $end
  and role is distinct from 'participation'
