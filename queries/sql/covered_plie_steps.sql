-- covered_plie_steps.sql
-- Grain: one row, one boolean. Whether `plie_steps` holds rows (steps of a PLIE pathway)
-- in the period: without them the key figures read from it are absent, not zero
-- (queries/figures.py: COVERAGE). The table has no commune of its own, so any row of the
-- period counts.
-- Inputs: $start, $end
select count(*) > 0 as covered
from plie_steps
where start_date between $start and $end
