-- calendar_year/qpv_residents.sql
-- qpv_residents.sql for one calendar year (queries/runner.py: calendar-year forms): the
-- same rows; the young people followed are read from each person's year summed at the
-- store's build (`ml_activity_years`, data/store.py: derive) instead of their contacts.
-- Grain and populations: as qpv_residents.sql.
-- Inputs: $communes, $start (1 January of the year), $end
-- include: qpv_residents_people

-- young people with an individual interview in the year, from each person's year summed
-- at the store's build (`ml_activity_years`), with each of their rows in the commune
ml_followed as (
    select distinct 'ml_jeunes_accompagnes' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_activity_years as a
    inner join young as y on y.person_key = a.person_key and y.code_insee = a.code_insee
    where a.year = year(cast($start as date))
      and a.ml_entretiens > 0
      and a.code_insee in (select code_insee from selection)
),

-- include: qpv_residents_counts
