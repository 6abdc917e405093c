-- data_coverage.sql
-- Grain: one row per data source × commune of the selection that the imported data cover
-- in the period. A commune is covered by a source when rows of that source name it, or
-- when an import of that source was declared for a territory the commune belongs to (a
-- PLIE export covers every commune of its territory, even one without participants). A
-- PLIE export covers a year when entries or exits fall in it: pathways still open in an
-- old extraction do not make it cover later years.
-- Used to compare with a reference territory only where data exist: without it, the
-- whole Nord's population would divide the participants of two territories.
-- Job seekers are covered at $month when given (first day of a month), else in the period.
-- The selection is applied inside each source (national data: never scan every commune's
-- rows to keep ten of them); declared territories are read as distinct values only.
-- Inputs: $communes, $start, $end, $month
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

named as (
    select distinct 'job_seekers' as source, code_insee, cast(null as varchar) as territory
    from job_seekers
    where code_insee in (select code_insee from selection)
      and ((cast($month as date) is null and month between $start and $end)
           or month = cast($month as date))
    union all
    select distinct 'plie', code_insee, _territory
    from plie_participants
    where code_insee in (select code_insee from selection)
      and (entry_date between $start and $end or exit_date between $start and $end)
    union all
    select distinct 'ml', y.code_insee, y._territory
    from ml_young as y
    where y.code_insee in (select code_insee from selection)
      and exists (
          select 1 from ml_contacts as c
          where c.person_key = y.person_key and c.contact_date between $start and $end
      )
    union all
    select distinct 'mde', code_insee, _territory
    from mde_events
    where code_insee in (select code_insee from selection)
      and event_date between $start and $end
      and role is distinct from 'participation'
    union all
    select distinct 'clauses', resident_insee, _territory
    from clause_hours
    where resident_insee in (select code_insee from selection)
      and month between $start and $end
),

declared as (
    select distinct 'plie' as source, _territory as territory
    from plie_participants
    where entry_date between $start and $end or exit_date between $start and $end
    union all
    select distinct 'ml', _territory  -- a contact's import is its young person's
    from ml_contacts
    where contact_date between $start and $end
    union all
    -- the other dates of a Mission Locale extraction, within the years it covers: its
    -- latest dated line's and its aid payments' (data/store.py: ML_EXTRACTION_YEARS)
    select distinct 'ml', d.territory
    from (
        select _territory as territory, registration_date as day from ml_young
        union all select _territory, start_date from ml_programmes
        union all select _territory, start_date from ml_situations
        union all select _territory, payment_date from financial_aid
    ) as d
    inner join (
-- include: ml_extraction_years
    ) as e on e.territory = d.territory and e.year = year(d.day)
    where d.day between $start and $end
    union all
    select distinct 'aid', _territory
    from financial_aid
    where payment_date between $start and $end
    union all
    select distinct 'mde', _territory
    from mde_events
    where event_date between $start and $end
    union all
    select distinct 'clauses', _territory
    from clause_hours
    where month between $start and $end
),

-- a row names its commune only inside its import's territory, when it has one
sources as (
    select n.source, n.code_insee
    from named as n
    left join territory_communes as tc
        on tc.territory = n.territory and tc.code_insee = n.code_insee
    where tc.code_insee is not null
       or not exists (select 1 from territory_communes as t where t.territory = n.territory)
    union
    select d.source, tc.code_insee
    from declared as d
    inner join territory_communes as tc on tc.territory = d.territory
    where d.territory is not null
      and tc.code_insee in (select code_insee from selection)
)

select source, code_insee
from sources
order by source, code_insee
