-- clause_hours.sql
-- Grain: one row per commune of the selection (by place of residence of the workers), plus
-- the whole selection (code_insee null). Insertion-clause hours worked in the period by
-- residents of the selection, wherever the site; hours worked on the selection's sites, by
-- anyone; the people concerned; full-time equivalents with the territory's annual hours.
-- Inputs: $communes, $start, $end, $fte_hours
-- Residents' hours are summed per commune × person first (and per person over the whole
-- selection); people are then counted from those rows: cheaper than `count(distinct …)`.
-- A calendar year (every page's period) is read by the calendar-year form,
-- `calendar_year/clause_hours.sql`, from the hours of the year summed at the store's build;
-- this one reads the months, for any period.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

keys as (
    select code_insee from selection
    union all
    select null
),

-- read twice (residents, sites), each time with its own commune filter at the scan: not
-- materialized (the whole country's months would be kept first)
hours as not materialized (
    select *
    from clause_hours
    where month between $start and $end
),

-- include: clause_hours_counts
