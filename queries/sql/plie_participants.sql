-- plie_participants.sql
-- Grain: one row per commune of the selection, plus one row with code_insee null for the
-- whole selection. PLIE participants whose pathway was open at some time in the period
-- (the stock), with their profile at entry, entry cohorts and mean pathway length.
-- Inputs: $communes (INSEE codes), $start, $end (dates), $senior_age, $low_level_max
-- People are counted from one row per commune × person (and per person over the whole
-- selection, so that someone with pathways in two communes counts once in the total):
-- plain counts over those rows are far cheaper than `count(distinct …) filter` by set.
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
        count(*) filter (where qpv) as plie_participants_qpv,
        count(*) filter (where qpv_inconnu) as plie_participants_qpv_inconnu,
        count(*) filter (where homme) as plie_participants_hommes,
        count(*) filter (where femme) as plie_participants_femmes,
        count(*) filter (where senior) as plie_participants_seniors,
        count(*) filter (where rsa) as plie_participants_rsa,
        count(*) filter (where niveau_bas) as plie_participants_niveau_bas,
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
    coalesce(c.plie_participants_qpv, 0) as plie_participants_qpv,
    coalesce(c.plie_participants_qpv_inconnu, 0) as plie_participants_qpv_inconnu,
    coalesce(c.plie_participants_hommes, 0) as plie_participants_hommes,
    coalesce(c.plie_participants_femmes, 0) as plie_participants_femmes,
    coalesce(c.plie_participants_seniors, 0) as plie_participants_seniors,
    coalesce(c.plie_participants_rsa, 0) as plie_participants_rsa,
    coalesce(c.plie_participants_niveau_bas, 0) as plie_participants_niveau_bas,
    coalesce(c.plie_cohorte_annee, 0) as plie_cohorte_annee,
    coalesce(c.plie_cohorte_deux_ans, 0) as plie_cohorte_deux_ans,
    coalesce(c.plie_cohorte_anterieure, 0) as plie_cohorte_anterieure,
    d.plie_duree_moyenne
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
left join durations as d on d.code_insee is not distinct from k.code_insee
