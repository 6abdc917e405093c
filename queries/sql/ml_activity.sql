-- ml_activity.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Mission Locale activity: first registrations, young people followed (at least one
-- individual interview in the period), contacts of all kinds, individual interviews.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

keys as (
    select code_insee from selection
    union all
    select null
),

young as (
    select person_key, code_insee, registration_date
    from ml_young
    where code_insee in (select code_insee from selection)
),

registrations as (
    select code_insee, count(distinct person_key) as ml_nouveaux_inscrits
    from young
    where registration_date between $start and $end
    group by grouping sets ((code_insee), ())
),

contacts as (
    select
        y.code_insee,
        count(*) as ml_contacts,
        count(*) filter (where c.contact_type = 'entretien') as ml_entretiens,
        count(distinct c.person_key) filter (
            where c.contact_type = 'entretien'
        ) as ml_jeunes_accompagnes
    from ml_contacts as c
    inner join young as y on y.person_key = c.person_key
    where c.contact_date between $start and $end
    group by grouping sets ((y.code_insee), ())
)

select
    k.code_insee,
    coalesce(r.ml_nouveaux_inscrits, 0) as ml_nouveaux_inscrits,
    coalesce(c.ml_jeunes_accompagnes, 0) as ml_jeunes_accompagnes,
    coalesce(c.ml_contacts, 0) as ml_contacts,
    coalesce(c.ml_entretiens, 0) as ml_entretiens
from keys as k
left join registrations as r on r.code_insee is not distinct from k.code_insee
left join contacts as c on c.code_insee is not distinct from k.code_insee
