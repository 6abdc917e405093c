-- calendar_year/data_coverage.sql
-- data_coverage.sql for one calendar year (queries/runner.py: calendar-year forms): the
-- same rows, read from the years each source names a commune or covers a declared
-- territory, summed at the store's build (`coverage_years`, `coverage_declared_years`,
-- data/store.py: derive), instead of the sources' rows and days. Job seekers are read as
-- in data_coverage.sql (at $month when given, else in the year).
-- Grain: one row per data source × commune of the selection covered in the year.
-- Inputs: $communes, $start (1 January of the year), $end, $month
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

named as (
    select distinct 'job_seekers' as source, code_insee
    from job_seekers_commune_months
    where code_insee in (select code_insee from selection)
      and ((cast($month as date) is null and month between $start and $end)
           or month = cast($month as date))
    union all
    select source, code_insee
    from coverage_years  -- rows outside their import's territory left out (derive)
    where year = year(cast($start as date))
      and code_insee in (select code_insee from selection)
),

declared as (
    select source, territory
    from coverage_declared_years
    where year = year(cast($start as date))
),

-- include: data_coverage_sources
