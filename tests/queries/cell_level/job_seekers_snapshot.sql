-- job_seekers_snapshot.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Job seekers registered at the end of one month, by category, duration, age and sex.
-- Each figure is read from the rows that answer it (`_job_seekers_chosen.sql`): detail
-- cells, or the file's published margins. A figure the data cannot give (category A when
-- only A, B, C together were imported, women when only both sexes) is NULL for the
-- commune, and for the whole selection when any commune with data lacks it.
-- A cell under statistical secret (null count) is unknown: it is never counted as 0,
-- and `secret_cells` says how many of the cells behind de_abc were left out.
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select month, code_insee, category, sex, age_band, duration_band, count, _import_id
    from job_seekers
    where month = $month
      and code_insee in (select code_insee from selection)
),

figures (figure, needs, all_categories) as (
    values
        ('de_abc', 0, true),
        ('de_a', 8, false),
        ('de_abc_longue_duree', 1, true),
        ('de_abc_moins_25', 2, true),
        ('de_abc_25_49', 2, true),
        ('de_abc_50plus', 2, true),
        ('de_abc_femmes', 4, true)
),

-- include: job_seekers_grain

per_grain as (
    select
        month,
        code_insee,
        grain,
        sum(count) as de_abc,
        case when count(*) filter (where category = 'A') = 0 then 0
            else sum(count) filter (where category = 'A') end as de_a,
        case when count(*) filter (where duration_band in ('12_23m', '24m_plus')) = 0 then 0
            else sum(count) filter (where duration_band in ('12_23m', '24m_plus')) end as de_abc_longue_duree,
        case when count(*) filter (where age_band = 'moins_25') = 0 then 0
            else sum(count) filter (where age_band = 'moins_25') end as de_abc_moins_25,
        case when count(*) filter (where age_band = '25_49') = 0 then 0
            else sum(count) filter (where age_band = '25_49') end as de_abc_25_49,
        case when count(*) filter (where age_band = '50_plus') = 0 then 0
            else sum(count) filter (where age_band = '50_plus') end as de_abc_50plus,
        case when count(*) filter (where sex = 'F') = 0 then 0
            else sum(count) filter (where sex = 'F') end as de_abc_femmes,
        count(*) filter (where count is null) as secret_cells,
        bool_or(category in ('B', 'C') or detail_import) as more_than_a
    from cells
    group by month, code_insee, grain
),

-- include: job_seekers_chosen

answers as (
    select
        r.code_insee,
        f.figure,
        ch.grain is not null as supported,
        case f.figure
            when 'de_abc' then g.de_abc
            when 'de_a' then g.de_a
            when 'de_abc_longue_duree' then g.de_abc_longue_duree
            when 'de_abc_moins_25' then g.de_abc_moins_25
            when 'de_abc_25_49' then g.de_abc_25_49
            when 'de_abc_50plus' then g.de_abc_50plus
            when 'de_abc_femmes' then g.de_abc_femmes
        end as value,
        g.secret_cells
    from (select distinct month, code_insee from per_grain) as r
    cross join figures as f
    left join chosen as ch
        on ch.month = r.month and ch.code_insee = r.code_insee and ch.figure = f.figure
    left join per_grain as g
        on g.month = r.month and g.code_insee = r.code_insee and g.grain = ch.grain
)

select
    s.code_insee,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc')
        then sum(a.value) filter (where a.figure = 'de_abc') end as de_abc,
    case when bool_and(a.supported) filter (where a.figure = 'de_a')
        then sum(a.value) filter (where a.figure = 'de_a') end as de_a,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc_longue_duree')
        then sum(a.value) filter (where a.figure = 'de_abc_longue_duree') end
        as de_abc_longue_duree,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc_moins_25')
        then sum(a.value) filter (where a.figure = 'de_abc_moins_25') end as de_abc_moins_25,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc_25_49')
        then sum(a.value) filter (where a.figure = 'de_abc_25_49') end as de_abc_25_49,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc_50plus')
        then sum(a.value) filter (where a.figure = 'de_abc_50plus') end as de_abc_50plus,
    case when bool_and(a.supported) filter (where a.figure = 'de_abc_femmes')
        then sum(a.value) filter (where a.figure = 'de_abc_femmes') end as de_abc_femmes,
    coalesce(sum(a.secret_cells) filter (where a.figure = 'de_abc'), 0) as secret_cells
from selection as s
left join answers as a on a.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
