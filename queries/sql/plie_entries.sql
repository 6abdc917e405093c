-- plie_entries.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- New PLIE participants: pathways that started in the period, their profile and prescriber.
-- Inputs: $communes, $start, $end, $senior_age, $low_level_max
-- People are counted from one row per commune × person (and per person over the whole
-- selection, so that someone with entries in two communes counts once in the total):
-- plain counts over those rows are far cheaper than `count(distinct …) filter` by set.
-- A profile or prescriber count is NULL when no one's answer is known (the file had no
-- such column): « non disponible », never 0; `*_inconnu` counts the people whose answer is
-- unknown, left out of the shares (indicators.toml).
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
        -- whether the person's answer is known (a file without the column: no one's is)
        bool_or(sex is not null) as sexe_connu,
        bool_or(age_at_entry is not null) as age_connu,
        bool_or(rsa is not null) as rsa_connu,
        bool_or(education_level is not null) as niveau_connu,
        bool_or(nullif(trim(prescriber), '') is not null) as prescripteur_connu,
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
        if(bool_or(not qpv_inconnu), count(*) filter (where qpv), null) as plie_entrees_qpv,
        count(*) filter (where qpv_inconnu) as plie_entrees_qpv_inconnu,
        -- a profile count is NULL (not available) when no one's answer is known
        if(bool_or(sexe_connu), count(*) filter (where homme), null) as plie_entrees_hommes,
        if(bool_or(sexe_connu), count(*) filter (where femme), null) as plie_entrees_femmes,
        if(bool_or(age_connu), count(*) filter (where senior), null) as plie_entrees_seniors,
        if(bool_or(rsa_connu), count(*) filter (where rsa), null) as plie_entrees_rsa,
        if(bool_or(niveau_connu), count(*) filter (where niveau_bas), null)
            as plie_entrees_niveau_bas,
        if(bool_or(prescripteur_connu), count(*) filter (where departement), null)
            as plie_prescripteur_departement,
        if(bool_or(prescripteur_connu), count(*) filter (where france_travail), null)
            as plie_prescripteur_france_travail,
        count(*) filter (where not sexe_connu) as plie_entrees_sexe_inconnu,
        count(*) filter (where not age_connu) as plie_entrees_age_inconnu,
        count(*) filter (where not rsa_connu) as plie_entrees_rsa_inconnu,
        count(*) filter (where not niveau_connu) as plie_entrees_niveau_inconnu,
        count(*) filter (where not prescripteur_connu) as plie_prescripteur_inconnu
    from people
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.plie_nouvelles_entrees, 0) as plie_nouvelles_entrees,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_qpv) as plie_entrees_qpv,
    coalesce(c.plie_entrees_qpv_inconnu, 0) as plie_entrees_qpv_inconnu,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_hommes) as plie_entrees_hommes,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_femmes) as plie_entrees_femmes,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_seniors) as plie_entrees_seniors,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_rsa) as plie_entrees_rsa,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_entrees_niveau_bas) as plie_entrees_niveau_bas,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_prescripteur_departement) as plie_prescripteur_departement,
    if(c.plie_nouvelles_entrees is null, 0, c.plie_prescripteur_france_travail)
        as plie_prescripteur_france_travail,
    coalesce(c.plie_entrees_sexe_inconnu, 0) as plie_entrees_sexe_inconnu,
    coalesce(c.plie_entrees_age_inconnu, 0) as plie_entrees_age_inconnu,
    coalesce(c.plie_entrees_rsa_inconnu, 0) as plie_entrees_rsa_inconnu,
    coalesce(c.plie_entrees_niveau_inconnu, 0) as plie_entrees_niveau_inconnu,
    coalesce(c.plie_prescripteur_inconnu, 0) as plie_prescripteur_inconnu
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
