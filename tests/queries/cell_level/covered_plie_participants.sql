-- covered_plie_participants.sql
-- Grain: one row, one boolean. Whether the PLIE extraction of the selection describes the
-- period: its dates (each `entry_date` and `exit_date`, as `coverage_days` keeps them)
-- begin by the period's end and reach into it. Without that the PLIE key figures are
-- absent, not zero (queries/figures.py: COVERAGE): an extraction that ends before the year says nothing of
-- its entries or exits, and its pathways still open are not the year's participants.
-- The extraction is the one declared for a territory holding a commune of the selection,
-- or the one naming such a commune (an extraction replaces its territory's previous one).
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

select coalesce(first_day <= $end and last_day >= $start, false) as covered
from span
