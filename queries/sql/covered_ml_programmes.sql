-- covered_ml_programmes.sql
-- Grain: one row, one boolean. Whether `ml_programmes` holds rows (Mission Locale
-- programme entries) in the period: without them the key figures read from it are absent,
-- not zero (queries/figures.py: COVERAGE). The table has no commune of its own, so any row
-- of the period counts.
-- Inputs: $start, $end
select count(*) > 0 as covered
from ml_programmes
where start_date between $start and $end
