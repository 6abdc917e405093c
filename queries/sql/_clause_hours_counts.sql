-- _clause_hours_counts.sql (included by clause_hours.sql and calendar_year/clause_hours.sql, never run alone)
-- The sums of `hours` (rows of the period with resident_insee, operation_insee, person_key,
-- hours), one row per commune of the selection and one for the whole selection.
residents as (
    select
        resident_insee as code_insee,
        person_key,
        sum(hours) as clause_heures,
        sum(hours) filter (
            where operation_insee in (select code_insee from selection)
        ) as clause_heures_sur_territoire_residents
    from hours
    where resident_insee in (select code_insee from selection)
    group by grouping sets ((resident_insee, person_key), (person_key))
),

by_residence as (
    select
        code_insee,
        sum(clause_heures) as clause_heures,
        count(person_key) as clause_personnes,
        sum(clause_heures_sur_territoire_residents) as clause_heures_sur_territoire_residents
    from residents
    group by code_insee
),

by_site as (
    select operation_insee as code_insee, sum(hours) as clause_heures_sites
    from hours
    where operation_insee in (select code_insee from selection)
    group by grouping sets ((operation_insee), ())
)

select
    k.code_insee,
    coalesce(r.clause_heures, 0) as clause_heures,
    coalesce(r.clause_heures, 0) / $fte_hours as clause_etp,
    coalesce(r.clause_personnes, 0) as clause_personnes,
    coalesce(r.clause_heures_sur_territoire_residents, 0) as clause_heures_sur_territoire_residents,
    coalesce(s.clause_heures_sites, 0) as clause_heures_sites
from keys as k
left join by_residence as r on r.code_insee is not distinct from k.code_insee
left join by_site as s on s.code_insee is not distinct from k.code_insee
