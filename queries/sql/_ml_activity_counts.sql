-- _ml_activity_counts.sql (included by ml_activity.sql and calendar_year/ml_activity.sql, never run alone)
-- The counts of `people` (one row per commune × person and per person over the selection),
-- one row per commune of the selection and one for the whole selection.
counts as (
    select
        code_insee,
        count(*) filter (where inscrit) as ml_nouveaux_inscrits,
        count(*) filter (where accompagne) as ml_jeunes_accompagnes,
        sum(ml_contacts)::bigint as ml_contacts,
        sum(ml_entretiens)::bigint as ml_entretiens
    from people
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.ml_nouveaux_inscrits, 0) as ml_nouveaux_inscrits,
    coalesce(c.ml_jeunes_accompagnes, 0) as ml_jeunes_accompagnes,
    coalesce(c.ml_contacts, 0) as ml_contacts,
    coalesce(c.ml_entretiens, 0) as ml_entretiens
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
