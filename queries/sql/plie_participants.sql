-- plie_participants.sql
-- Grain: one row per commune of the selection, plus one row with code_insee null for the
-- whole selection. PLIE participants whose pathway was open at some time in the period
-- (the stock), with their profile at entry, entry cohorts and mean pathway length.
-- Inputs: $communes (INSEE codes), $start, $end (dates), $senior_age, $low_level_max
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

pathways as (
    select *
    from plie_participants
    where entry_date <= $end
      and (exit_date is null or exit_date >= $start)
)

select
    s.code_insee,
    count(distinct p.person_key) as plie_participants,
    count(distinct p.person_key) filter (where p.qpv_code is not null) as plie_participants_qpv,
    count(distinct p.person_key) filter (where p.sex = 'H') as plie_participants_hommes,
    count(distinct p.person_key) filter (where p.sex = 'F') as plie_participants_femmes,
    count(distinct p.person_key) filter (where p.age_at_entry >= $senior_age) as plie_participants_seniors,
    count(distinct p.person_key) filter (where p.rsa) as plie_participants_rsa,
    count(distinct p.person_key) filter (
        where p.education_level <= $low_level_max
    ) as plie_participants_niveau_bas,
    count(distinct p.person_key) filter (
        where year(p.entry_date) = year($end)
    ) as plie_cohorte_annee,
    count(distinct p.person_key) filter (
        where year(p.entry_date) between year($end) - 2 and year($end) - 1
    ) as plie_cohorte_deux_ans,
    count(distinct p.person_key) filter (
        where year(p.entry_date) < year($end) - 2
    ) as plie_cohorte_anterieure,
    avg(
        datediff('day', p.entry_date, least(coalesce(p.exit_date, $end), $end))
    ) / (365.25 / 12) as plie_duree_moyenne
from selection as s
left join pathways as p on p.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
