-- job_seekers_snapshot.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Job seekers registered at the end of one month, by category, duration, age and sex.
-- Each figure is read from the rows that answer it (`_job_seekers_grain.sql`): detail
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
    select month, code_insee, category, sex, age_band, duration_band, count
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

reported as (
    select distinct month, code_insee from cells
),

answers as (
    select
        r.code_insee,
        f.figure,
        ch.grain is not null as supported,
        sum(c.count) as value,
        count(c.month) filter (where c.count is null) as secret_cells
    from reported as r
    cross join figures as f
    left join chosen as ch
        on ch.month = r.month and ch.code_insee = r.code_insee and ch.figure = f.figure
    left join cells as c
        on c.month = r.month and c.code_insee = r.code_insee and c.grain = ch.grain
        and case f.figure
            when 'de_a' then c.category = 'A'
            when 'de_abc_longue_duree' then c.duration_band in ('12_23m', '24m_plus')
            when 'de_abc_moins_25' then c.age_band = 'moins_25'
            when 'de_abc_25_49' then c.age_band = '25_49'
            when 'de_abc_50plus' then c.age_band = '50_plus'
            when 'de_abc_femmes' then c.sex = 'F'
            else true
        end
    group by r.code_insee, f.figure, ch.grain
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
