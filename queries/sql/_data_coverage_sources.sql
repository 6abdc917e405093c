-- _data_coverage_sources.sql (included by data_coverage.sql and calendar_year/data_coverage.sql, never run alone)
-- The sources covering each commune of the selection: those whose rows name it (`named`),
-- and those whose imports were declared for a territory it belongs to (`declared`).
-- `named` keeps a row's commune only where its import's territory allows it: see
-- data_coverage.sql (its `named`) and data/store.py: derive (`coverage_years`).
sources as (
    select source, code_insee from named
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
