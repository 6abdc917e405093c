-- plie_entries.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- New PLIE participants: pathways that started in the period, their profile and prescriber.
-- Inputs: $communes, $start, $end, $senior_age, $low_level_max
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

entries as (
    select *
    from plie_participants
    where entry_date between $start and $end
)

select
    s.code_insee,
    count(distinct e.person_key) as plie_nouvelles_entrees,
    count(distinct e.person_key) filter (where e.qpv_code is not null) as plie_entrees_qpv,
    count(distinct e.person_key) filter (where e.sex = 'H') as plie_entrees_hommes,
    count(distinct e.person_key) filter (where e.sex = 'F') as plie_entrees_femmes,
    count(distinct e.person_key) filter (where e.age_at_entry >= $senior_age) as plie_entrees_seniors,
    count(distinct e.person_key) filter (where e.rsa) as plie_entrees_rsa,
    count(distinct e.person_key) filter (
        where e.education_level <= $low_level_max
    ) as plie_entrees_niveau_bas,
    count(distinct e.person_key) filter (
        where e.prescriber ilike 'd_partement%' or e.prescriber ilike '%conseil d_partemental%'
    ) as plie_prescripteur_departement,
    count(distinct e.person_key) filter (
        where e.prescriber ilike 'france travail%' or e.prescriber ilike 'p_le emploi%'
    ) as plie_prescripteur_france_travail
from selection as s
left join entries as e on e.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
