-- plie_entries.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- New PLIE participants: pathways that started in the period, their profile and prescriber.
-- Inputs: $communes, $start, $end, $senior_age, $low_level_max
-- People are counted from one row per commune × person (and per person over the whole
-- selection, so that someone with entries in two communes counts once in the total):
-- plain counts over those rows are far cheaper than `count(distinct …) filter` by set.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

entries as (
    select code_insee, person_key, qpv_code, sex, age_at_entry, rsa, education_level, prescriber
    from plie_participants
    where code_insee in (select code_insee from selection)
      and entry_date between $start and $end
      and person_key is not null
),

people as (
    select
        code_insee,
        -- qpv_code: a code or 'QPV' (in a QPV), NULL (not in one), 'inconnu' (unknown
        -- answer, ingest/codes.py: QPV_UNKNOWN); someone with one known answer is known
        bool_or(qpv_code is not null and qpv_code <> 'inconnu') as qpv,
        bool_and(qpv_code is not distinct from 'inconnu') as qpv_inconnu,
        bool_or(sex = 'H') as homme,
        bool_or(sex = 'F') as femme,
        bool_or(age_at_entry >= $senior_age) as senior,
        bool_or(rsa) as rsa,
        bool_or(education_level <= $low_level_max) as niveau_bas,
        bool_or(
            prescriber ilike 'd_partement%' or prescriber ilike '%conseil d_partemental%'
        ) as departement,
        bool_or(
            prescriber ilike 'france travail%' or prescriber ilike 'p_le emploi%'
        ) as france_travail
    from entries
    group by grouping sets ((code_insee, person_key), (person_key))
),

counts as (
    select
        code_insee,
        count(*) as plie_nouvelles_entrees,
        count(*) filter (where qpv) as plie_entrees_qpv,
        count(*) filter (where qpv_inconnu) as plie_entrees_qpv_inconnu,
        count(*) filter (where homme) as plie_entrees_hommes,
        count(*) filter (where femme) as plie_entrees_femmes,
        count(*) filter (where senior) as plie_entrees_seniors,
        count(*) filter (where rsa) as plie_entrees_rsa,
        count(*) filter (where niveau_bas) as plie_entrees_niveau_bas,
        count(*) filter (where departement) as plie_prescripteur_departement,
        count(*) filter (where france_travail) as plie_prescripteur_france_travail
    from people
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.plie_nouvelles_entrees, 0) as plie_nouvelles_entrees,
    coalesce(c.plie_entrees_qpv, 0) as plie_entrees_qpv,
    coalesce(c.plie_entrees_qpv_inconnu, 0) as plie_entrees_qpv_inconnu,
    coalesce(c.plie_entrees_hommes, 0) as plie_entrees_hommes,
    coalesce(c.plie_entrees_femmes, 0) as plie_entrees_femmes,
    coalesce(c.plie_entrees_seniors, 0) as plie_entrees_seniors,
    coalesce(c.plie_entrees_rsa, 0) as plie_entrees_rsa,
    coalesce(c.plie_entrees_niveau_bas, 0) as plie_entrees_niveau_bas,
    coalesce(c.plie_prescripteur_departement, 0) as plie_prescripteur_departement,
    coalesce(c.plie_prescripteur_france_travail, 0) as plie_prescripteur_france_travail
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
