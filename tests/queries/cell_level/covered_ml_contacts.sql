-- covered_ml_contacts.sql
-- Grain: one row, one boolean. Whether the Mission Locale extraction of the selection
-- describes the period: its contacts' `contact_date` (as `coverage_days` keeps them)
-- begin by the period's end and reach into it. Without that the key figures read from `ml_contacts` are absent, not zero
-- (queries/figures.py: COVERAGE): an extraction that ends before the year has no contact
-- in it, whatever another territory's extraction holds.
-- Contacts have no commune of their own: the extraction is the one declared for a
-- territory holding a commune of the selection, or the one whose young people live there.
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

span as (
    select min(day) as first_day, max(day) as last_day
    from coverage_days
    where source = 'ml' and territory in (select territory from territories)
)

select coalesce(first_day <= $end and last_day >= $start, false) as covered
from span
