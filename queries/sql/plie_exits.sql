-- plie_exits.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- PLIE pathways closed in the period, by kind of exit, and the profile of positive exits.
-- Inputs: $communes, $start, $end, $senior_age, $low_level_max
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

exits as (
    select *
    from plie_participants
    where exit_date between $start and $end
)

select
    s.code_insee,
    count(x.person_key) as plie_sorties,
    count(x.person_key) filter (where x.exit_kind = 'positive') as plie_sorties_positives,
    count(x.person_key) filter (where x.exit_kind = 'neutre') as plie_sorties_neutres,
    count(x.person_key) filter (where x.exit_kind = 'autre') as plie_sorties_autres,
    count(x.person_key) filter (
        where x.exit_kind is distinct from 'neutre'
    ) as plie_sorties_hors_neutres,
    count(x.person_key) filter (
        where x.exit_kind = 'positive' and x.sex = 'H'
    ) as plie_sp_hommes,
    count(x.person_key) filter (
        where x.exit_kind = 'positive' and x.sex = 'F'
    ) as plie_sp_femmes,
    count(x.person_key) filter (
        where x.exit_kind = 'positive' and x.education_level <= $low_level_max
    ) as plie_sp_niveau_bas,
    count(x.person_key) filter (where x.exit_kind = 'positive' and x.rsa) as plie_sp_rsa,
    count(x.person_key) filter (
        where x.exit_kind = 'positive' and x.age_at_entry >= $senior_age
    ) as plie_sp_seniors
from selection as s
left join exits as x on x.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
