-- ml_programme.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- One Mission Locale programme (CEJ or PACEA): young people followed during the period,
-- entries, entries living in a QPV, contacts and interviews held while in the programme,
-- young people with at least one professional situation started during it, and those
-- situations ("mesures").
-- Inputs: $communes, $start, $end, $programme ('CEJ' or 'PACEA')
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

keys as (
    select code_insee from selection
    union all
    select null
),

periods as (
    select p.person_key, p.start_date, p.end_date, y.code_insee, y.qpv_code
    from ml_programmes as p
    inner join ml_young as y on y.person_key = p.person_key
    where p.programme = $programme
      and y.code_insee in (select code_insee from selection)
      and p.start_date <= $end
      and (p.end_date is null or p.end_date >= $start)
),

followed as (
    select
        code_insee,
        count(distinct person_key) as accompagnes,
        count(distinct person_key) filter (where start_date >= $start) as entrees,
        count(distinct person_key) filter (
            where start_date >= $start and qpv_code is not null
        ) as entrees_qpv
    from periods
    group by grouping sets ((code_insee), ())
),

contacts as (
    select
        pe.code_insee,
        count(*) as contacts,
        count(*) filter (where c.contact_type = 'entretien') as entretiens
    from ml_contacts as c
    inner join periods as pe
        on pe.person_key = c.person_key
        and c.contact_date >= pe.start_date
        and (pe.end_date is null or c.contact_date <= pe.end_date)
    where c.contact_date between $start and $end
    group by grouping sets ((pe.code_insee), ())
),

solutions as (
    select
        pe.code_insee,
        count(distinct si.person_key) as jeunes_solution,
        count(*) as mesures
    from ml_situations as si
    inner join periods as pe
        on pe.person_key = si.person_key
        and si.start_date >= pe.start_date
        and (pe.end_date is null or si.start_date <= pe.end_date)
    where si.start_date between $start and $end
    group by grouping sets ((pe.code_insee), ())
)

select
    k.code_insee,
    coalesce(f.accompagnes, 0) as accompagnes,
    coalesce(f.entrees, 0) as entrees,
    coalesce(f.entrees_qpv, 0) as entrees_qpv,
    coalesce(c.contacts, 0) as contacts,
    coalesce(c.entretiens, 0) as entretiens,
    coalesce(so.jeunes_solution, 0) as jeunes_solution,
    coalesce(so.mesures, 0) as mesures
from keys as k
left join followed as f on f.code_insee is not distinct from k.code_insee
left join contacts as c on c.code_insee is not distinct from k.code_insee
left join solutions as so on so.code_insee is not distinct from k.code_insee
