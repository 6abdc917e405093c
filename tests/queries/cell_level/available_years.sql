-- available_years.sql
-- Grain: one row per year for which any data exist in the selection, latest first.
-- ONPV files (`qpv_indicators`) count for the communes of their quarters (`qpv_codes`:
-- the 2024 codes and the 2015 ones of the correspondence).
-- Inputs: $communes
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

years as (
    select distinct year(month) as year from job_seekers
    where code_insee in (select code_insee from selection)
    union
    select distinct year(entry_date) from plie_participants
    where code_insee in (select code_insee from selection)
    union
    select distinct year(exit_date) from plie_participants
    where code_insee in (select code_insee from selection) and exit_date is not null
    union
    select distinct year(c.contact_date) from ml_contacts as c
    inner join ml_young as y on y.person_key = c.person_key
    where y.code_insee in (select code_insee from selection)
    union
    -- a Mission Locale extraction's year (its latest dated line) and its aid payments'
    -- years, for the communes of its young people (data/store.py: commune_years)
    select distinct e.year from ml_young as y
    inner join (
-- include: ml_extraction_years
    ) as e on e.territory = y._territory
    where y.code_insee in (select code_insee from selection)
    union
    select distinct year(event_date) from mde_events
    where code_insee in (select code_insee from selection)
      and role is distinct from 'participation'
    union
    select distinct cast(year as integer) from qpv_indicators
    where qpv_code in (
        select qpv_code from qpv_codes where code_insee in (select code_insee from selection)
    )
)

select year from years where year is not null order by year desc
