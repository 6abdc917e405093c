-- job_seekers_latest_month.sql
-- Grain: one row. The reference month of the job-seeker key figures: the latest month of
-- the period at which the selection's job-seeker data are complete, i.e. as many communes
-- of the selection have rows that month as at the month of the period with the most.
-- A month covering fewer communes (an agency's file for a few of them) stays in the
-- monthly series but is not the reference month: its total would read as a fall.
-- NULL when the selection has no job-seeker row in the period.
-- Inputs: $communes, $start, $end
with per_month as (
    select month, count(*) as communes  -- one row per commune-month (data/store.py: derive)
    from job_seekers_commune_months
    where code_insee in (select unnest($communes::varchar[]))
      and month between $start and $end
    group by month
)
select max(month) as month
from per_month
where communes = (select max(communes) from per_month)
