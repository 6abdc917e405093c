-- calendar_year/ml_activity.sql
-- ml_activity.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from each young person's year summed at the store's build
-- (`ml_activity_years`, data/store.py: derive) instead of their contacts.
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year)
-- People are counted from one row per commune × person and per person over the whole
-- selection (someone in two communes counts once in the total).
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

people as (
    select
        a.code_insee,
        bool_or(a.inscrit) as inscrit,
        bool_or(a.ml_entretiens > 0) as accompagne,
        sum(a.ml_contacts) as ml_contacts,
        sum(a.ml_entretiens) as ml_entretiens
    from ml_activity_years as a
    where a.year = year(cast($start as date))
      and a.code_insee in (select code_insee from selection)
    group by grouping sets ((a.code_insee, a.person_key), (a.person_key))
),

-- include: ml_activity_counts
