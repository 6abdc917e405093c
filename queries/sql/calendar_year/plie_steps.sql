-- calendar_year/plie_steps.sql
-- plie_steps.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from the communes' sums of the year made at the store's build
-- (`plie_steps_years`, data/store.py: derive) instead of the steps. A participant's
-- commune is the one of their latest pathway: one commune a person, so communes add up.
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

counts as (
    select
        code_insee,
        sum(plie_etapes)::bigint as plie_etapes,
        sum(participants)::bigint as plie_etapes_participants,
        sum(plie_etapes_demarrees_annee)::bigint as plie_etapes_demarrees_annee,
        sum(plie_etapes_emploi)::bigint as plie_etapes_emploi,
        sum(plie_etapes_emploi_annee)::bigint as plie_etapes_emploi_annee,
        sum(plie_etapes_formation)::bigint as plie_etapes_formation,
        sum(plie_etapes_formation_qualif)::bigint as plie_etapes_formation_qualif
    from plie_steps_years
    where year = year(cast($start as date))
      and code_insee in (select code_insee from selection)
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
