-- covered_financial_aid.sql
-- Grain: one row, one boolean. Whether the Mission Locale extraction of the selection holds
-- financial aid payments in the period: without them the key figures read from
-- `financial_aid` are absent, not zero (queries/figures.py: COVERAGE).
-- Payments have no commune of their own: the extraction is the one declared for a
-- territory holding a commune of the selection, or the one whose young people live there
-- (another territory's payments say nothing of this one).
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
)

select count(*) > 0 as covered
from financial_aid
where payment_date between $start and $end
  and _territory in (select territory from territories)
