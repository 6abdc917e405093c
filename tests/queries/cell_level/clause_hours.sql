-- clause_hours.sql
-- Grain: one row per commune of the selection (by place of residence of the workers), plus
-- the whole selection (code_insee null). Insertion-clause hours worked in the period by
-- residents of the selection, wherever the site; hours worked on the selection's sites, by
-- anyone; the people concerned; full-time equivalents with the territory's annual hours.
-- Inputs: $communes, $start, $end, $fte_hours
-- Residents' hours are summed per commune × person first (and per person over the whole
-- selection); people are then counted from those rows: cheaper than `count(distinct …)`.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

keys as (
    select code_insee from selection
    union all
    select null
),

hours as (
    select *
    from clause_hours
    where month between $start and $end
),

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
