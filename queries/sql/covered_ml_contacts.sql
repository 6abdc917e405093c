-- covered_ml_contacts.sql
-- Grain: one row, one boolean. Whether `ml_contacts` holds rows (Mission Locale contacts)
-- in the period: without them the key figures read from it are absent, not zero
-- (queries/figures.py: COVERAGE). The table has no commune of its own, so any row of the
-- period counts.
-- Inputs: $start, $end
select count(*) > 0 as covered
from ml_contacts
where contact_date between $start and $end
