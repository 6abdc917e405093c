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
-- Inputs: $communes, $start, $end, $month
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

named as (
    select 'job_seekers' as source, code_insee, null as territory
    from job_seekers
    where (cast($month as date) is null and month between $start and $end)
       or month = cast($month as date)
    union all
    select 'plie', code_insee, _territory
    from plie_participants
    where entry_date between $start and $end or exit_date between $start and $end
    union all
    select 'ml', y.code_insee, y._territory
    from ml_contacts as c
    inner join ml_young as y on y.person_key = c.person_key
    where c.contact_date between $start and $end
    union all
    select 'aid', null, _territory
    from financial_aid
    where payment_date between $start and $end
    union all
    select 'mde', code_insee, _territory
    from mde_events
    where event_date between $start and $end
    union all
    select 'clauses', resident_insee, _territory
    from clause_hours
    where month between $start and $end
),

sources as (
    select distinct source, code_insee from named where code_insee is not null
    union
    select distinct n.source, tc.code_insee
    from named as n
    inner join territory_communes as tc on tc.territory = n.territory
    where n.territory is not null
)

select source, code_insee
from sources
where code_insee in (select code_insee from selection)
order by source, code_insee
