-- covered_financial_aid.sql
-- Grain: one row, one boolean. Whether `financial_aid` holds rows (financial aid payments)
-- in the period: without them the key figures read from it are absent, not zero
-- (queries/figures.py: COVERAGE). The table has no commune of its own, so any row of the
-- period counts.
-- Inputs: $start, $end
select count(*) > 0 as covered
from financial_aid
where payment_date between $start and $end
