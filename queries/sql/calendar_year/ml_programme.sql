-- calendar_year/ml_programme.sql
-- ml_programme.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from each young person's programme year summed at the store's build
-- (`ml_programme_years`, data/store.py: derive) instead of their periods, contacts and
-- situations.
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year), $programme ('CEJ' or 'PACEA')
-- People are counted from one row per commune × person and per person over the whole
-- selection (someone in two communes counts once in the total).
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

people as (
    select
        a.code_insee,
        bool_or(a.entree) as entree,
        bool_or(a.entree_qpv) as entree_qpv,
        bool_or(a.entree_qpv_connue) as entree_qpv_connue,
        sum(a.contacts) as contacts,
        sum(a.entretiens) as entretiens,
        sum(a.mesures) as mesures
    from ml_programme_years as a
    where a.year = year(cast($start as date))
      and a.programme = $programme
      and a.code_insee in (select code_insee from selection)
    group by grouping sets ((a.code_insee, a.person_key), (a.person_key))
),

-- include: ml_programme_counts
