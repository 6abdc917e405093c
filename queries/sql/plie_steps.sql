-- plie_steps.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Steps (étapes) of PLIE pathways running at some time in the period; a participant's
-- commune is the one of their latest pathway.
-- Inputs: $communes, $start, $end
-- Only people with a pathway in the selection can have their latest one there, so the
-- latest pathway is looked for among theirs only. Each person has one commune, so the
-- per-person counts add up to the commune and to the total without `count(distinct)`.
-- A calendar year (every page's period) is read by the calendar-year form,
-- `calendar_year/plie_steps.sql`, from the communes' sums of the year made at the store's
-- build; this one reads the steps, for any period.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

participants as (
    select person_key, arg_max(code_insee, entry_date) as code_insee
    from plie_participants
    where person_key in (
        select person_key from plie_participants
        where code_insee in (select code_insee from selection)
    )
    group by person_key
),

people as (
    select
        pa.code_insee,
        1 as n,
        count(*) as plie_etapes,
        count(*) filter (where st.start_date >= $start) as plie_etapes_demarrees_annee,
        count(*) filter (where st.family = 'emploi') as plie_etapes_emploi,
        count(*) filter (
            where st.family = 'emploi' and st.start_date >= $start
        ) as plie_etapes_emploi_annee,
        count(*) filter (where st.family = 'formation') as plie_etapes_formation,
        count(*) filter (
            where st.family = 'formation' and st.qualifying
        ) as plie_etapes_formation_qualif
    from plie_steps as st
    inner join participants as pa on pa.person_key = st.person_key
    where pa.code_insee in (select code_insee from selection)
      and st.start_date <= $end
      and (st.end_date is null or st.end_date >= $start)
    group by pa.code_insee, st.person_key
),

counts as (
    select
        code_insee,
        sum(plie_etapes)::bigint as plie_etapes,
        sum(n)::bigint as plie_etapes_participants,
        sum(plie_etapes_demarrees_annee)::bigint as plie_etapes_demarrees_annee,
        sum(plie_etapes_emploi)::bigint as plie_etapes_emploi,
        sum(plie_etapes_emploi_annee)::bigint as plie_etapes_emploi_annee,
        sum(plie_etapes_formation)::bigint as plie_etapes_formation,
        sum(plie_etapes_formation_qualif)::bigint as plie_etapes_formation_qualif
    from people
    group by grouping sets ((code_insee), ())
)

select
    k.code_insee,
    coalesce(c.plie_etapes, 0) as plie_etapes,
    coalesce(c.plie_etapes_participants, 0) as plie_etapes_participants,
    coalesce(c.plie_etapes_demarrees_annee, 0) as plie_etapes_demarrees_annee,
    coalesce(c.plie_etapes_emploi, 0) as plie_etapes_emploi,
    coalesce(c.plie_etapes_emploi_annee, 0) as plie_etapes_emploi_annee,
    coalesce(c.plie_etapes_formation, 0) as plie_etapes_formation,
    coalesce(c.plie_etapes_formation_qualif, 0) as plie_etapes_formation_qualif
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
