-- job_seekers_snapshot.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Job seekers registered at the end of one month, by category, duration, age and sex.
-- Each figure is read from the rows that answer it: detail cells, or the file's published
-- margins (chosen per commune and month at the store's build, data/store.py:
-- figures_select). A figure the data cannot give (category A when
-- only A, B, C together were imported, women when only both sexes) is NULL for the
-- commune, and for the whole selection when any commune with data lacks it.
-- A cell under statistical secret (null count) is unknown: it is never counted as 0,
-- and `secret_cells` says how many of the cells behind de_abc were left out.
-- Read from `job_seekers_figures` (per commune and month, summed at the store's build).
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

figures as (
    select *
    from job_seekers_figures
    where month = $month
      and code_insee in (select code_insee from selection)
)

select
    s.code_insee,
    case when bool_and(f.de_abc_ok) then sum(f.de_abc) end as de_abc,
    case when bool_and(f.de_a_ok) then sum(f.de_a) end as de_a,
    case when bool_and(f.de_abc_longue_duree_ok) then sum(f.de_abc_longue_duree) end as de_abc_longue_duree,
    case when bool_and(f.de_abc_moins_25_ok) then sum(f.de_abc_moins_25) end as de_abc_moins_25,
    case when bool_and(f.de_abc_25_49_ok) then sum(f.de_abc_25_49) end as de_abc_25_49,
    case when bool_and(f.de_abc_50plus_ok) then sum(f.de_abc_50plus) end as de_abc_50plus,
    case when bool_and(f.de_abc_femmes_ok) then sum(f.de_abc_femmes) end as de_abc_femmes,
    coalesce(sum(f.secret_cells), 0) as secret_cells
from selection as s
left join figures as f on f.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
