-- covered_plie_steps.sql
-- Grain: one row, one boolean. Whether the PLIE extraction of the selection holds steps
-- begun by the period's end and describes the period (its entry and exit dates,
-- `coverage_days`, begin by the period's end and reach into it): without that the key
-- figures read from `plie_steps` are absent, not zero (queries/figures.py: COVERAGE).
-- Steps have no commune of their own: the extraction is the one declared for a territory
-- holding a commune of the selection, or the one naming such a commune.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

territories as (
    select territory from territory_communes
    where code_insee in (select code_insee from selection)
    union
    select _territory from plie_participants
    where code_insee in (select code_insee from selection)
),

span as (
    select min(day) as first_day, max(day) as last_day
    from coverage_days
    where source = 'plie' and territory in (select territory from territories)
)

select
    coalesce(first_day <= $end and last_day >= $start, false)
    and exists (
        select 1 from plie_steps
        where _territory in (select territory from territories) and start_date <= $end
    ) as covered
from span
