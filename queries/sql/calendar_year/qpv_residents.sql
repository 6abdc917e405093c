-- calendar_year/qpv_residents.sql
-- qpv_residents.sql for one calendar year (queries/runner.py: calendar-year forms): the
-- same rows; the young people followed and the programme entries are read from each
-- person's year summed at the store's build (`ml_activity_years`, `ml_programme_years`,
-- data/store.py: derive) instead of their contacts and programme periods.
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
      and list_contains($communes::varchar[], a.code_insee)  -- filtered at the scan
),

-- CEJ and PACEA entries of the year, from each young person's programme year summed at
-- the store's build (`ml_programme_years`: `entree`, a period that starts in the year),
-- with each of their rows in the commune
programme_entries as (
    select distinct
        lower(a.programme) || '_entrees' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_programme_years as a
    inner join young as y on y.person_key = a.person_key and y.code_insee = a.code_insee
    where a.year = year(cast($start as date))
      and a.programme in ('CEJ', 'PACEA')
      and a.entree
      and list_contains($communes::varchar[], a.code_insee)
),

-- include: qpv_residents_counts
