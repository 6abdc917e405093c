-- _ml_programme_counts.sql (included by ml_programme.sql and calendar_year/ml_programme.sql, never run alone)
-- The counts of `people` (one row per commune × person and per person over the selection),
-- one row per commune of the selection and one for the whole selection.
counts as (
    select
        code_insee,
        count(*) as accompagnes,
        count(*) filter (where entree) as entrees,
        -- NULL (not available) when entries there are but no one's QPV answer is known
        -- (a file without the column), never 0
        case when bool_or(entree and entree_qpv_connue) or not coalesce(bool_or(entree), false)
            then count(*) filter (where entree_qpv) end as entrees_qpv,
        -- entries whose QPV answer is unknown (not « non »): the QPV share leaves them out
        count(*) filter (where entree and not entree_qpv_connue) as entrees_qpv_inconnu,
        sum(contacts)::bigint as contacts,
        sum(entretiens)::bigint as entretiens,
        count(*) filter (where mesures > 0) as jeunes_solution,
        sum(mesures)::bigint as mesures
    from people
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.accompagnes, 0) as accompagnes,
    coalesce(c.entrees, 0) as entrees,
    if(c.accompagnes is null, 0, c.entrees_qpv) as entrees_qpv,
    coalesce(c.entrees_qpv_inconnu, 0) as entrees_qpv_inconnu,
    coalesce(c.contacts, 0) as contacts,
    coalesce(c.entretiens, 0) as entretiens,
    coalesce(c.jeunes_solution, 0) as jeunes_solution,
    coalesce(c.mesures, 0) as mesures
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
