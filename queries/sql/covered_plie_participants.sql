-- covered_plie_participants.sql
-- Grain: one row, one boolean. Whether a PLIE participant of the selection was in a
-- pathway during the period (entered by its end, not left before its start): without one
-- the PLIE key figures are absent, not zero (queries/figures.py: COVERAGE).
-- Inputs: $communes, $start, $end
select count(*) > 0 as covered
from plie_participants
where code_insee in (select unnest($communes::varchar[]))
  and entry_date <= $end
  and (exit_date is null or exit_date >= $start)
