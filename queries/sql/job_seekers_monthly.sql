-- job_seekers_monthly.sql
-- Grain: one row per month of the period with job-seeker data in the selection (whole
-- selection). Job seekers registered at the end of the month, categories A and A+B+C,
-- with their trend: the mean of the last 12 months, given only when those 12 months are
-- all known (the statistical service favours trends over month-on-month changes).
-- Each figure is read from the rows that answer it (chosen per commune and month at the
-- store's build, data/store.py: figures_select); a month where a commune with data cannot
-- give it (de_a when only A, B, C together were
-- imported) has it NULL. A quarterly file is stored at each quarter's last month.
-- A cell under statistical secret (null count) is never counted as 0: `secret_cells`
-- says how many of the cells behind de_abc were left out, `communes_reported` how many
-- communes the month covers.
-- Read from `job_seekers_figures` (per commune and month, summed at the store's build).
-- Inputs: $communes, $start, $end (first days of months)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

per_month as (
    select
        month,
        case when bool_and(de_abc_ok) then sum(de_abc) end as de_abc,
        case when bool_and(de_a_ok) then sum(de_a) end as de_a,
        coalesce(sum(secret_cells), 0) as secret_cells,
        count(*) as communes_reported
    from job_seekers_figures
    where code_insee in (select code_insee from selection)
      and month <= $end
      and month > cast($start as date) - interval 12 month  -- the trend's eleven months before
    group by month
),

monthly as (
    select month, de_abc, de_a, secret_cells, communes_reported
    from per_month
),

trend as (
    select
        *,
        count(de_abc) over last_year as abc_months,
        count(de_a) over last_year as a_months,
        avg(de_abc) over last_year as de_abc_tendance,
        avg(de_a) over last_year as de_a_tendance
    from monthly
    window last_year as (order by month range between interval 11 month preceding and current row)
)

select
    month,
    de_abc,
    de_a,
    case when abc_months = 12 then de_abc_tendance end as de_abc_tendance,
    case when a_months = 12 then de_a_tendance end as de_a_tendance,
    secret_cells,
    communes_reported
from trend
where month between $start and $end
order by month
