-- plie_participants.sql
-- Grain: one row per commune of the selection, plus one row with code_insee null for the
-- whole selection. PLIE participants whose pathway was open at some time in the period
-- (the stock), with their profile at entry, entry cohorts and mean pathway length.
-- Inputs: $communes (INSEE codes), $start, $end (dates), $senior_age, $low_level_max
-- People are counted from one row per commune × person (and per person over the whole
-- selection, so that someone with pathways in two communes counts once in the total):
-- plain counts over those rows are far cheaper than `count(distinct …) filter` by set.
-- A profile count (QPV, sex, age, RSA, level) is NULL when no one's answer is known (the
-- tracking software's file had no such column): « non disponible », never 0; `*_inconnu`
-- counts the people whose answer is unknown, left out of the shares (indicators.toml).
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

pathways as (
    select
        code_insee, person_key, qpv_code, sex, age_at_entry, rsa, education_level,
        year(entry_date) as entry_year,
        datediff('day', entry_date, least(coalesce(exit_date, $end), $end)) as days
    from plie_participants
    where code_insee in (select code_insee from selection)
      and entry_date <= $end
      and (exit_date is null or exit_date >= $start)
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
        bool_or(entry_year = year($end)) as cohorte_annee,
        bool_or(entry_year between year($end) - 2 and year($end) - 1) as cohorte_deux_ans,
        bool_or(entry_year < year($end) - 2) as cohorte_anterieure
    from pathways
    where person_key is not null
    group by grouping sets ((code_insee, person_key), (person_key))
),

counts as (
    select
        code_insee,
        count(*) as plie_participants,
        if(bool_or(not qpv_inconnu), count(*) filter (where qpv), null) as plie_participants_qpv,
        count(*) filter (where qpv_inconnu) as plie_participants_qpv_inconnu,
        -- a profile count is NULL (not available) when no one's answer is known
        if(bool_or(sexe_connu), count(*) filter (where homme), null) as plie_participants_hommes,
        if(bool_or(sexe_connu), count(*) filter (where femme), null) as plie_participants_femmes,
        if(bool_or(age_connu), count(*) filter (where senior), null) as plie_participants_seniors,
        if(bool_or(rsa_connu), count(*) filter (where rsa), null) as plie_participants_rsa,
        if(bool_or(niveau_connu), count(*) filter (where niveau_bas), null)
            as plie_participants_niveau_bas,
        count(*) filter (where not sexe_connu) as plie_participants_sexe_inconnu,
        count(*) filter (where not age_connu) as plie_participants_age_inconnu,
        count(*) filter (where not rsa_connu) as plie_participants_rsa_inconnu,
        count(*) filter (where not niveau_connu) as plie_participants_niveau_inconnu,
        count(*) filter (where cohorte_annee) as plie_cohorte_annee,
        count(*) filter (where cohorte_deux_ans) as plie_cohorte_deux_ans,
        count(*) filter (where cohorte_anterieure) as plie_cohorte_anterieure
    from people
    group by code_insee
),

durations as (
    select code_insee, avg(days) / (365.25 / 12) as plie_duree_moyenne
    from pathways
    group by grouping sets ((code_insee), ())
)

select
    k.code_insee,
    coalesce(c.plie_participants, 0) as plie_participants,
    if(c.plie_participants is null, 0, c.plie_participants_qpv) as plie_participants_qpv,
    coalesce(c.plie_participants_qpv_inconnu, 0) as plie_participants_qpv_inconnu,
    if(c.plie_participants is null, 0, c.plie_participants_hommes) as plie_participants_hommes,
    if(c.plie_participants is null, 0, c.plie_participants_femmes) as plie_participants_femmes,
    if(c.plie_participants is null, 0, c.plie_participants_seniors) as plie_participants_seniors,
    if(c.plie_participants is null, 0, c.plie_participants_rsa) as plie_participants_rsa,
    if(c.plie_participants is null, 0, c.plie_participants_niveau_bas) as plie_participants_niveau_bas,
    coalesce(c.plie_participants_sexe_inconnu, 0) as plie_participants_sexe_inconnu,
    coalesce(c.plie_participants_age_inconnu, 0) as plie_participants_age_inconnu,
    coalesce(c.plie_participants_rsa_inconnu, 0) as plie_participants_rsa_inconnu,
    coalesce(c.plie_participants_niveau_inconnu, 0) as plie_participants_niveau_inconnu,
    coalesce(c.plie_cohorte_annee, 0) as plie_cohorte_annee,
    coalesce(c.plie_cohorte_deux_ans, 0) as plie_cohorte_deux_ans,
    coalesce(c.plie_cohorte_anterieure, 0) as plie_cohorte_anterieure,
    d.plie_duree_moyenne
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
left join durations as d on d.code_insee is not distinct from k.code_insee
