-- job_seekers_breakdown.sql
-- Grain: one row per commune of the selection (plus the whole selection, code_insee null)
-- × dimension (category, sex, age band, registration duration) × modality. Job seekers
-- A, B, C registered at the end of one month. Null counts (statistical secret in the
-- source) are left out of the sums, never counted as 0.
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select code_insee, category, sex, age_band, duration_band, count
    from job_seekers
    where month = $month
      and code_insee in (select code_insee from selection)
),

long as (
    select code_insee, 'category' as dimension, category as modality, count from stock
    union all
    select code_insee, 'sex', sex, count from stock
    union all
    select code_insee, 'age_band', age_band, count from stock
    union all
    select code_insee, 'duration_band', duration_band, count from stock
)

select
    code_insee,
    dimension,
    modality,
    sum(count) as de_abc
from long
group by grouping sets ((code_insee, dimension, modality), (dimension, modality))
order by dimension, modality, code_insee nulls last
