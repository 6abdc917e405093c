-- _qpv_residents_counts.sql (included by qpv_residents.sql and calendar_year/qpv_residents.sql,
-- never run alone): every population's people counted at each level. Each includer defines
-- `programme_entries` (CEJ and PACEA entries of the period) before it.
people as (
    select * from plie_stock
    union all
    select * from plie_new
    union all
    select * from ml_followed
    union all
    select * from programme_entries
),

-- one row per population × commune × quarter × person (a person named twice counts once;
-- a row without a person counts nobody, as `count(distinct person_key)` would)
people_once as (
    select distinct population, code_insee, qpv_code, person_key
    from people
    where person_key is not null
),

-- one row per population × commune × person and per population × person (the whole
-- selection), whether they live in a QPV there, or whether their every answer is unknown
-- (qpv_code 'inconnu', ingest/codes.py: QPV_UNKNOWN; NULL is « not in a QPV »): people are
-- counted from these rows, cheaper than `count(distinct …)` by set
by_person as (
    select
        population,
        code_insee,
        grouping(code_insee) as all_communes,
        bool_or(qpv_code is not null and qpv_code <> 'inconnu') as in_qpv,
        bool_and(qpv_code is not distinct from 'inconnu') as qpv_inconnu
    from people_once
    group by grouping sets ((population, code_insee, person_key), (population, person_key))
),

counts as (
    select
        population, code_insee, cast(null as varchar) as qpv_code, all_communes,
        1 as all_quartiers,
        count(*) as personnes,
        count(*) filter (where in_qpv) as personnes_qpv,
        count(*) filter (where qpv_inconnu) as personnes_qpv_inconnu
    from by_person
    group by population, code_insee, all_communes
    union all
    select population, code_insee, qpv_code, 0, 0, count(*), count(*), 0
    from people_once
    where qpv_code is not null and qpv_code <> 'inconnu'
    group by population, code_insee, qpv_code
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
    c.personnes_qpv,
    c.personnes_qpv_inconnu
from counts as c
left join qpv as q on q.qpv_code = c.qpv_code and q.code_insee = c.code_insee
order by c.population, level, c.code_insee, c.qpv_code
