-- job_seekers_breakdown.sql
-- Grain: one row per commune of the selection with data at the month (plus the whole
-- selection, code_insee null) × dimension (category, sex, age band, registration
-- duration) × modality. Job seekers registered at the end of one month.
-- Each dimension is read from the rows that detail it (chosen per commune and month at the
-- store's build, data/store.py: figures_select): the detail cells, or the file's published
-- margins (Dares: both sexes, by sex, by age). A
-- dimension the data do not detail (category when only A, B, C together were imported,
-- sex when only both sexes) keeps its modalities with de_abc NULL, for the commune and
-- for the whole selection when any commune with data lacks it; a modality a detailed
-- commune has no row for is NULL too. Null counts (statistical secret in the source)
-- are left out of the sums, never counted as 0.
-- Read from `job_seekers_figures` (per commune and month, summed at the store's build).
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

modalities (dimension, modality) as (
    values
        ('category', 'A'),
        ('category', 'B'),
        ('category', 'C'),
        ('sex', 'F'),
        ('sex', 'H'),
        ('age_band', 'moins_25'),
        ('age_band', '25_49'),
        ('age_band', '50_plus'),
        ('duration_band', 'moins_12m'),
        ('duration_band', '12_23m'),
        ('duration_band', '24m_plus')
),

per_commune as (
    select
        f.code_insee,
        m.dimension,
        m.modality,
        case m.dimension || '/' || m.modality
            when 'category/A' then f.b_cat_a
            when 'category/B' then f.b_cat_b
            when 'category/C' then f.b_cat_c
            when 'sex/F' then f.b_sex_f
            when 'sex/H' then f.b_sex_h
            when 'age_band/moins_25' then f.b_age_moins_25
            when 'age_band/25_49' then f.b_age_25_49
            when 'age_band/50_plus' then f.b_age_50_plus
            when 'duration_band/moins_12m' then f.b_dur_moins_12m
            when 'duration_band/12_23m' then f.b_dur_12_23m
            when 'duration_band/24m_plus' then f.b_dur_24m_plus
        end as value,
        case m.dimension
            when 'category' then f.b_category_ok
            when 'sex' then f.b_sex_ok
            when 'age_band' then f.b_age_band_ok
            when 'duration_band' then f.b_duration_band_ok
        end as supported
    from job_seekers_figures as f
    cross join modalities as m
    where f.month = $month
      and f.code_insee in (select code_insee from selection)
)

select
    code_insee,
    dimension,
    modality,
    case when bool_and(supported) then sum(value) end as de_abc
from per_commune
group by grouping sets ((code_insee, dimension, modality), (dimension, modality))
order by dimension, modality, code_insee nulls last
