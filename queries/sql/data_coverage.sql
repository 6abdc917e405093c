-- data_coverage.sql
-- Grain: one row per data source × commune of the selection that the imported data cover
-- in the period. A commune is covered by a source when rows of that source name it, or
-- when an import of that source was declared for a territory the commune belongs to (a
-- PLIE export covers every commune of its territory, even one without participants). Rows
-- of an import declared for a territory name only its communes: a resident elsewhere does
-- not make their commune covered (_data_coverage_sources.sql). A
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

rows_named as (
    -- a row's territory: the one its import was declared for (job seekers: none, every
    -- commune they name is covered)
    select distinct 'job_seekers' as source, code_insee, cast(null as varchar) as territory
    from job_seekers_commune_months  -- (data/store.py: derive)
    where code_insee in (select code_insee from selection)
      and ((cast($month as date) is null and month between $start and $end)
           or month = cast($month as date))
    union all
    select distinct 'plie', code_insee, _territory
    from plie_participants
    where code_insee in (select code_insee from selection)
      and (entry_date between $start and $end or exit_date between $start and $end)
    union all
    select distinct 'ml', code_insee, territory
    from ml_commune_contact_days  -- a young person's contact, by commune and day (derive)
    where code_insee in (select code_insee from selection)
      and contact_date between $start and $end
    union all
    select distinct 'mde', code_insee, _territory
    from mde_events
    where code_insee in (select code_insee from selection)
      and event_date between $start and $end
      and role is distinct from 'participation'  -- another organiser's event
    union all
    select distinct 'clauses', resident_insee, _territory
    from clause_hours
    where resident_insee in (select code_insee from selection)
      and month between $start and $end
),

-- A row names its commune for coverage only when its import was declared for no territory
-- of `territory_communes` (none, « autre », a territory since deleted) or when the commune
-- lies in that territory. A Roubaix resident in the PLIE export of MNO is kept in the
-- tables, but does not make Roubaix covered: otherwise a reference (the Nord) would divide
-- by Roubaix's whole population while counting only the residents MNO's PLIE happens to
-- follow. The figures of a reference are counted on its covered communes only (numerator
-- and denominator: queries/series.py), so such a person counts in neither — unless another
-- import covers their commune (a PLIE declared for a territory holding Roubaix), where they
-- count with its population. The same for every person-level source: Lille's residents in
-- MNO's clause hours worked on MNO's sites, not all of Lille's residents' hours.
-- Job seekers' rows carry no territory: every commune they name is covered.
named as (
    select n.source, n.code_insee
    from rows_named as n
    left join (select distinct territory from territory_communes) as bounded
        on bounded.territory = n.territory
    left join territory_communes as tc
        on tc.territory = n.territory and tc.code_insee = n.code_insee
    where bounded.territory is null or tc.code_insee is not null
),

declared as (
    -- the days each source's imports declared for a territory have rows (PLIE entries and
    -- exits, contacts — a contact's import is its young person's —, aid payments, events,
    -- clause months), summed at the store's build (data/store.py: derive)
    select distinct source, territory
    from coverage_days
    where day between $start and $end
),

-- include: data_coverage_sources
