-- covered_ml_situations.sql
-- Grain: one row, one boolean. Whether the Mission Locale extraction of the selection
-- describes the period for its programmes (as covered_ml_programmes.sql) and holds
-- situations at all (a « Situations » sheet, whatever their dates): without them the
-- CEJ's professional solutions are absent, not zero (queries/figures.py: COVERAGE_OF).
-- The extraction is the one declared for a territory holding a commune of the selection,
-- or the one whose young people live there.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

territories as (
    select territory from territory_communes
    where code_insee in (select code_insee from selection)
    union
    select _territory from ml_young
    where code_insee in (select code_insee from selection)
),

reach as (
    select coalesce(max(day) >= $start, false) as reaches
    from coverage_days
    where source = 'ml' and territory in (select territory from territories)
),

programmes as (
    select
        coalesce(bool_or(start_date between $start and $end), false) as started,
        coalesce(bool_or(start_date <= $end), false) as begun
    from ml_programmes
    where _territory in (select territory from territories)
),

situations as (
    select count(*) > 0 as sheet
    from ml_situations
    where _territory in (select territory from territories)
)

select (p.started or (p.begun and r.reaches)) and s.sheet as covered
from programmes as p, reach as r, situations as s
