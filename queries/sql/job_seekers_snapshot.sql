-- job_seekers_snapshot.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Job seekers registered at the end of one month, by category, duration, age and sex.
-- A cell under statistical secret (null count) is unknown: it is never counted as 0,
-- and `secret_cells` says how many were left out.
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select *
    from job_seekers
    where month = $month
)

select
    s.code_insee,
    sum(j.count) as de_abc,
    sum(j.count) filter (where j.category = 'A') as de_a,
    sum(j.count) filter (where j.duration_band in ('12_23m', '24m_plus')) as de_abc_longue_duree,
    sum(j.count) filter (where j.age_band = 'moins_25') as de_abc_moins_25,
    sum(j.count) filter (where j.age_band = '25_49') as de_abc_25_49,
    sum(j.count) filter (where j.age_band = '50_plus') as de_abc_50plus,
    sum(j.count) filter (where j.sex = 'F') as de_abc_femmes,
    count(*) filter (where j.month is not null and j.count is null) as secret_cells
from selection as s
left join stock as j on j.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
