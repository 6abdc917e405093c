-- plie_steps.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Steps (étapes) of PLIE pathways running at some time in the period; a participant's
-- commune is the one of their latest pathway.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

participants as (
    select person_key, arg_max(code_insee, entry_date) as code_insee
    from plie_participants
    group by person_key
),

steps as (
    select st.*, pa.code_insee
    from plie_steps as st
    inner join participants as pa on pa.person_key = st.person_key
    where st.start_date <= $end
      and (st.end_date is null or st.end_date >= $start)
)

select
    s.code_insee,
    count(st.person_key) as plie_etapes,
    count(distinct st.person_key) as plie_etapes_participants,
    count(st.person_key) filter (where st.start_date >= $start) as plie_etapes_demarrees_annee,
    count(st.person_key) filter (where st.family = 'emploi') as plie_etapes_emploi,
    count(st.person_key) filter (
        where st.family = 'emploi' and st.start_date >= $start
    ) as plie_etapes_emploi_annee,
    count(st.person_key) filter (where st.family = 'formation') as plie_etapes_formation,
    count(st.person_key) filter (
        where st.family = 'formation' and st.qualifying
    ) as plie_etapes_formation_qualif
from selection as s
left join steps as st on st.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
