-- job_seekers_latest_month.sql
-- Grain: one row. The reference month of the job-seeker key figures: the latest month of
-- the period at which as many communes of the selection have rows as at the month of the
-- period with the most.
-- Inputs: $communes, $start, $end
with per_month as (
    select month, count(distinct code_insee) as communes
    from job_seekers
    where code_insee in (select unnest($communes::varchar[]))
      and month between $start and $end
    group by month
)
select max(month) as month
from per_month
where communes = (select max(communes) from per_month)
