-- qpv_onpv.sql
-- Grain: one row per figure of the imported ONPV files (`qpv_indicators`: quarter code ×
-- year × measure) for the quarters of $codes (2015 `QP…` or 2024 `QN…` codes), years up
-- to $year, measures of $measures (column names of the ONPV files: ABC, A, POP_MUN…).
-- A null `value` is the file's own statistical secret (an empty cell): kept as such.
-- Category A job seekers (`A`) of the insertion file (IPRO) share their column name with
-- CAF recipients (`A`) of the population file (DEMO): an `A` is kept only from an import
-- that also gave the quarter's `ABC`, i.e. an IPRO file.
-- Every stored column is returned (`*`): besides `year`, an import may store the month
-- the figures refer to (`reference_month`); `queries/qpv.py` uses it when present.
-- Inputs: $codes, $year, $measures
select i.* exclude (_seq, _territory)
from qpv_indicators as i
where i.qpv_code in (select unnest($codes::varchar[]))
  and i.year <= $year
  and i.measure in (select unnest($measures::varchar[]))
  and (i.measure <> 'A' or exists (
      select 1 from qpv_indicators as j
      where j._import_id = i._import_id
        and j.qpv_code = i.qpv_code
        and j.measure = 'ABC'
  ))
order by i.qpv_code, i.year, i.measure
