-- job_seekers_latest_month.sql
-- Grain: one row. The latest month of the period for which job-seeker data exist in the
-- selection (the reference date of the job-seeker key figures).
-- Inputs: $communes, $start, $end
select max(month) as month
from job_seekers_commune_months  -- each commune-month with rows (data/store.py: derive)
where code_insee in (select unnest($communes::varchar[]))
  and month between $start and $end
