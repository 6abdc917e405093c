-- _data_coverage_sources.sql (included by data_coverage.sql and calendar_year/data_coverage.sql, never run alone)
-- The sources covering each commune of the selection: those whose rows name it (`named`),
-- and those whose imports were declared for a territory it belongs to (`declared`).
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
sources as (
    select n.source, n.code_insee
    from named as n
    left join (select distinct territory from territory_communes) as bounded
        on bounded.territory = n.territory
    left join territory_communes as tc
        on tc.territory = n.territory and tc.code_insee = n.code_insee
    where bounded.territory is null or tc.code_insee is not null
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
