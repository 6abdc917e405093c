-- _qpv_residents_people.sql (included by qpv_residents.sql and calendar_year/qpv_residents.sql,
-- never run alone): the selection, its PLIE participants and new entries, its young people.
-- Each includer defines `ml_followed` next, then includes _qpv_residents_counts.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

plie as (
    select person_key, code_insee, qpv_code, entry_date, exit_date
    from plie_participants
    where code_insee in (select code_insee from selection)
      and entry_date <= $end
),

plie_stock as (
    select 'plie_participants' as population, person_key, code_insee, qpv_code
    from plie
    where exit_date is null or exit_date >= $start
),

plie_new as (
    select 'plie_nouvelles_entrees' as population, person_key, code_insee, qpv_code
    from plie
    where entry_date >= $start
),

young as (
    select person_key, code_insee, qpv_code
    from ml_young
    where code_insee in (select code_insee from selection)
),
