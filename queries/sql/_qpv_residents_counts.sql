-- _qpv_residents_counts.sql (included by qpv_residents.sql and calendar_year/qpv_residents.sql,
-- never run alone): programme entries, then every population's people counted at each level.
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
