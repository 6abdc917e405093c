-- job_seekers_breakdown.sql
-- Grain: one row per commune of the selection with data at the month (plus the whole
-- selection, code_insee null) × dimension (category, sex, age band, registration
-- duration) × modality. Job seekers registered at the end of one month.
-- Each dimension is read from the rows that detail it (`_job_seekers_chosen.sql`): the
-- detail cells, or the file's published margins (Dares: both sexes, by sex, by age). A
-- dimension the data do not detail (category when only A, B, C together were imported,
-- sex when only both sexes) keeps its modalities with de_abc NULL, for the commune and
-- for the whole selection when any commune with data lacks it; a modality a detailed
-- commune has no row for is NULL too. Null counts (statistical secret in the source)
-- are left out of the sums, never counted as 0.
-- Read from `job_seekers_grains` (the cells summed per commune, month and grain at import).
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

figures (figure, needs, all_categories) as (
    values ('category', 8, false), ('sex', 4, true), ('age_band', 2, true),
        ('duration_band', 1, true)
),

-- the cells of each grain summed at import (`job_seekers_grains`, data/store.py: derive)
per_grain as (
    select *
    from job_seekers_grains
    where month = $month
      and code_insee in (select code_insee from selection)
),

-- include: job_seekers_chosen

modalities (dimension, modality) as (
    values
        ('category', 'A'), ('category', 'B'), ('category', 'C'),
        ('sex', 'F'), ('sex', 'H'),
        ('age_band', 'moins_25'), ('age_band', '25_49'), ('age_band', '50_plus'),
        ('duration_band', 'moins_12m'), ('duration_band', '12_23m'),
        ('duration_band', '24m_plus')
),

answers as (
    -- rows (n) and sum of each modality in the grain chosen for its dimension
    select
        ch.code_insee,
        m.dimension,
        m.modality,
        g.more_than_a,
        case m.dimension || '/' || m.modality
            when 'category/A' then g.n_cat_a
            when 'category/B' then g.n_cat_b
            when 'category/C' then g.n_cat_c
            when 'sex/F' then g.n_sex_f
            when 'sex/H' then g.n_sex_h
            when 'age_band/moins_25' then g.n_age_moins_25
            when 'age_band/25_49' then g.n_age_25_49
            when 'age_band/50_plus' then g.n_age_50_plus
            when 'duration_band/moins_12m' then g.n_dur_moins_12m
            when 'duration_band/12_23m' then g.n_dur_12_23m
            when 'duration_band/24m_plus' then g.n_dur_24m_plus
        end as n,
        case m.dimension || '/' || m.modality
            when 'category/A' then g.s_cat_a
            when 'category/B' then g.s_cat_b
            when 'category/C' then g.s_cat_c
            when 'sex/F' then g.s_sex_f
            when 'sex/H' then g.s_sex_h
            when 'age_band/moins_25' then g.s_age_moins_25
            when 'age_band/25_49' then g.s_age_25_49
            when 'age_band/50_plus' then g.s_age_50_plus
            when 'duration_band/moins_12m' then g.s_dur_moins_12m
            when 'duration_band/12_23m' then g.s_dur_12_23m
            when 'duration_band/24m_plus' then g.s_dur_24m_plus
        end as value
    from chosen as ch
    inner join modalities as m on m.dimension = ch.figure
    inner join per_grain as g
        on g.month = ch.month and g.code_insee = ch.code_insee and g.grain = ch.grain
),

per_commune as (
    select
        r.code_insee,
        m.dimension,
        m.modality,
        -- a modality without rows in the chosen grain is 0 (a file omits empty cells), but
        -- for categories only in a full A, B, C detail (the Dares file publishes A alone);
        -- a row whose count is secret stays unknown
        case when a.n = 0 and (m.dimension <> 'category' or a.more_than_a) then 0
             when a.n > 0 then a.value end as value,
        a.n is not null as supported
    from (select distinct month, code_insee from per_grain) as r
    cross join modalities as m
    left join answers as a
        on a.code_insee = r.code_insee and a.dimension = m.dimension
        and a.modality = m.modality
)

select
    code_insee,
    dimension,
    modality,
    case when bool_and(supported) then sum(value) end as de_abc
from per_commune
group by grouping sets ((code_insee, dimension, modality), (dimension, modality))
order by dimension, modality, code_insee nulls last
