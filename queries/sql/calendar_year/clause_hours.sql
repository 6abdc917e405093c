-- calendar_year/clause_hours.sql
-- clause_hours.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from the hours of the year summed at the store's build per resident commune ×
-- site commune × person (`clause_hours_years`, data/store.py: derive) instead of the months.
-- Grain: one row per commune of the selection (by place of residence of the workers), plus
-- the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year), $fte_hours
-- Residents' hours are summed per commune × person (and per person over the whole
-- selection); people are then counted from those rows.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

keys as (
    select code_insee from selection
    union all
    select null
),

-- read twice (residents, sites), each time with its own commune filter at the scan: not
-- materialized (the whole country's year would be kept first)
hours as not materialized (
    select *
    from clause_hours_years
    where year = year(cast($start as date))
),

-- include: clause_hours_counts
