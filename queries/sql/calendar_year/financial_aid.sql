-- calendar_year/financial_aid.sql
-- financial_aid.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from each young person's payments of the year summed at the store's build
-- (`financial_aid_years`, data/store.py: derive) instead of their payments.
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year)
-- Recipients are counted from one row per commune × person and per person over the whole
-- selection (someone in two communes counts once in the total).
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

payments as (
    select
        a.code_insee,
        a.person_key,
        sum(a.total) as total,
        sum(a.cej) as cej,
        sum(a.pacea) as pacea,
        sum(a.fajem) as fajem,
        sum(a.fonds_ml) as fonds_ml,
        sum(a.fonds_ml_repas) as fonds_ml_repas,
        sum(a.mobilite) as mobilite,
        bool_or(a.cej_recipient) as cej_recipient,
        bool_or(a.pacea_recipient) as pacea_recipient,
        bool_or(a.fajem_recipient) as fajem_recipient
    from financial_aid_years as a
    where a.year = year(cast($start as date))
      and a.code_insee in (select code_insee from selection)
    group by grouping sets ((a.code_insee, a.person_key), (a.person_key))
),

-- include: financial_aid_counts
