-- job_seekers_months.sql
-- Grain: one row per month for which job-seeker data (France Travail, Dares) exist in the
-- selection, latest first. Used to compare the job seekers of the quartiers prioritaires
-- (ONPV, one date a year) with the communes' at the nearest month imported.
-- Inputs: $communes
select distinct month
from job_seekers
where code_insee in (select unnest($communes::varchar[]))
  and month is not null
order by month desc
