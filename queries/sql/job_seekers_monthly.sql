-- job_seekers_monthly.sql
-- Grain: one row per month of the period with job-seeker data in the selection (whole
-- selection). Job seekers registered at the end of the month, categories A and A+B+C,
-- with their trend: the mean of the last 12 months, given only when those 12 months are
-- all known (the statistical service favours trends over month-on-month changes).
-- A cell under statistical secret (null count) is never counted as 0: `secret_cells`
-- says how many were left out, `communes_reported` how many communes the month covers.
-- Inputs: $communes, $start, $end (first days of months)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select month, code_insee, category, count
    from job_seekers
    where code_insee in (select code_insee from selection)
      and month <= $end
),

monthly as (
    select
        month,
        sum(count) as de_abc,
        sum(count) filter (where category = 'A') as de_a,
        count(*) filter (where count is null) as secret_cells,
        count(distinct code_insee) as communes_reported
    from stock
    group by month
),

trend as (
    select
        *,
        count(*) over last_year as months_in_window,
        avg(de_abc) over last_year as de_abc_tendance,
        avg(de_a) over last_year as de_a_tendance
    from monthly
    window last_year as (order by month range between interval 11 month preceding and current row)
)

select
    month,
    de_abc,
    de_a,
    case when months_in_window = 12 then de_abc_tendance end as de_abc_tendance,
    case when months_in_window = 12 then de_a_tendance end as de_a_tendance,
    secret_cells,
    communes_reported
from trend
where month between $start and $end
order by month
