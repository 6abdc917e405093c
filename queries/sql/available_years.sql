-- available_years.sql
-- Grain: one row per year for which any data exist in the selection, latest first.
-- The years of each commune's job seekers, PLIE entries and exits, young people's contacts
-- and employment events are listed at the store's build (`commune_years`, data/store.py:
-- derive): a few rows a commune, whatever the selection (France included).
-- ONPV files (`qpv_indicators`) count for the communes of their quarters (`qpv_codes`:
-- the 2024 codes and the 2015 ones of the correspondence).
-- One filter on the selection, applied to both (a second use of it costs as much as the
-- rest for all of France).
-- Inputs: $communes
with years as (
    select code_insee, year from commune_years
    union all
    select c.code_insee, cast(q.year as integer)
    from qpv_indicators as q
    inner join qpv_codes as c on c.qpv_code = q.qpv_code
)

select distinct year
from years
where code_insee in (select unnest($communes::varchar[]))
  and year is not null
order by year desc
