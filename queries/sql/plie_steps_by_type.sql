-- plie_steps_by_type.sql
-- Grain: one row per step family (emploi, formation, mobilisation, social) × step type,
-- for the whole selection. Steps of PLIE pathways running at some time in the period,
-- those started in it, and the participants concerned (same scope as plie_steps.sql: a
-- participant's commune is the one of their latest pathway).
-- Inputs: $communes, $start, $end
-- Only people with a pathway in the selection can have their latest one there, so the
-- latest pathway is looked for among theirs only.
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

steps as (
    select st.family, st.step_type, st.start_date, st.qualifying, st.person_key
    from plie_steps as st
    inner join participants as pa on pa.person_key = st.person_key
    where pa.code_insee in (select code_insee from selection)
      and st.start_date <= $end
      and (st.end_date is null or st.end_date >= $start)
)

select
    coalesce(family, 'autre') as family,
    coalesce(step_type, 'Type non renseigné') as step_type,
    count(*) as plie_etapes,
    count(*) filter (where start_date >= $start) as plie_etapes_demarrees_annee,
    count(*) filter (where qualifying) as plie_etapes_qualifiantes,
    count(distinct person_key) as plie_etapes_participants
from steps
group by all
order by family, plie_etapes desc, step_type
