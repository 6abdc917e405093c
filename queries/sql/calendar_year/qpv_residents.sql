-- calendar_year/qpv_residents.sql
-- qpv_residents.sql for one calendar year (queries/runner.py: calendar-year forms): the
-- same rows; the young people followed are read from each person's year summed at the
-- store's build (`ml_activity_years`, data/store.py: derive) instead of their contacts.
-- Grain: one row per population × level, where level is the whole selection ('total',
-- code_insee null), one commune of the selection ('commune'), or one QPV of one commune
-- ('qpv'). How many people of each programme population live in a QPV (the QPV code of
-- their address, as exported by the tracking software). The populations are those of the
-- registry, with the same scope as their own queries:
--   plie_participants (plie_participants.sql), plie_nouvelles_entrees (plie_entries.sql),
--   ml_jeunes_accompagnes (ml_activity.sql), cej_entrees and pacea_entrees (ml_programme.sql).
-- Inputs: $communes, $start, $end
-- Each population is read for the selection's people only (a person is counted once at
-- each level, so a young person's duplicate rows change nothing).
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

programme_entries as (
    select
        lower(p.programme) || '_entrees' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_programmes as p
    inner join young as y on y.person_key = p.person_key
    where p.programme in ('CEJ', 'PACEA')
      and p.start_date between $start and $end
),

people as (
    select * from plie_stock
    union all
    select * from plie_new
    union all
    select * from ml_followed
    union all
    select * from programme_entries
),

counts as (
    select
        population,
        code_insee,
        qpv_code,
        grouping(code_insee) as all_communes,
        grouping(qpv_code) as all_quartiers,
        count(distinct person_key) as personnes,
        count(distinct person_key) filter (where qpv_code is not null) as personnes_qpv
    from people
    group by grouping sets ((population), (population, code_insee), (population, code_insee, qpv_code))
)

select
    c.population,
    case
        when c.all_communes = 1 then 'total'
        when c.all_quartiers = 1 then 'commune'
        else 'qpv'
    end as level,
    c.code_insee,
    c.qpv_code,
    q.qpv_name,
    c.personnes,
    c.personnes_qpv
from counts as c
left join qpv as q on q.qpv_code = c.qpv_code and q.code_insee = c.code_insee
where not (c.all_quartiers = 0 and c.qpv_code is null)
order by c.population, level, c.code_insee, c.qpv_code
