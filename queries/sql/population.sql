-- population.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Legal population of the most recent millésime available for each commune.
-- Inputs: $communes
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

latest as (
    select code_insee, arg_max(population_totale, millesime) as population_totale,
           arg_max(population_municipale, millesime) as population_municipale,
           max(millesime) as millesime
    from populations
    where code_insee in (select code_insee from selection)
    group by code_insee
)

select
    s.code_insee,
    sum(l.population_totale) as pop_totale,
    sum(l.population_municipale) as pop_municipale,
    count(l.code_insee) as nb_communes
from selection as s
left join latest as l on l.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
