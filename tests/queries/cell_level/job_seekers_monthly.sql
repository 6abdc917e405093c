-- job_seekers_monthly.sql
-- Grain: one row per month of the period with job-seeker data in the selection (whole
-- selection). Job seekers registered at the end of the month, categories A and A+B+C,
-- with their trend: the mean of the last 12 months, given only when those 12 months are
-- all known (the statistical service favours trends over month-on-month changes).
-- Each figure is read from the rows that answer it (`_job_seekers_chosen.sql`); a month
-- where a commune with data cannot give it (de_a when only A, B, C together were
-- imported) has it NULL. A quarterly file is stored at each quarter's last month.
-- A cell under statistical secret (null count) is never counted as 0: `secret_cells`
-- says how many of the cells behind de_abc were left out, `communes_reported` how many
-- communes the month covers.
-- Inputs: $communes, $start, $end (first days of months)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select month, code_insee, category, sex, age_band, duration_band, count, _import_id
    from job_seekers
    where code_insee in (select code_insee from selection)
      and month <= $end
      and month > cast($start as date) - interval 12 month  -- the trend's eleven months before
),

figures (figure, needs, all_categories) as (
    values ('de_abc', 0, true), ('de_a', 8, false)
),

-- include: job_seekers_grain

per_grain as (
    select
        month,
        code_insee,
        grain,
        sum(count) as abc,
        case when count(*) filter (where category = 'A') = 0 then 0
            else sum(count) filter (where category = 'A') end as a,
        count(*) filter (where count is null) as secret_cells,
        bool_or(category in ('B', 'C') or detail_import) as more_than_a
    from cells
    group by month, code_insee, grain
),

-- include: job_seekers_chosen

answers as (
    select
        ch.month,
        ch.figure,
        case when ch.figure = 'de_a' then g.a else g.abc end as value,
        g.secret_cells
    from chosen as ch
    inner join per_grain as g
        on g.month = ch.month and g.code_insee = ch.code_insee and g.grain = ch.grain
),

coverage as (
    select month, count(distinct code_insee) as communes_reported
    from per_grain
    group by month
),

per_month as (
    select
        month,
        sum(value) filter (where figure = 'de_abc') as de_abc,
        count(*) filter (where figure = 'de_abc') as de_abc_communes,
        sum(value) filter (where figure = 'de_a') as de_a,
        count(*) filter (where figure = 'de_a') as de_a_communes,
        sum(secret_cells) filter (where figure = 'de_abc') as secret_cells
    from answers
    group by month
),

monthly as (
    select
        c.month,
        case when p.de_abc_communes = c.communes_reported then p.de_abc end as de_abc,
        case when p.de_a_communes = c.communes_reported then p.de_a end as de_a,
        coalesce(p.secret_cells, 0) as secret_cells,
        c.communes_reported
    from coverage as c
    left join per_month as p on p.month = c.month
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
