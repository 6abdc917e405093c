-- ml_programme.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- One Mission Locale programme (CEJ or PACEA): young people followed during the period,
-- entries, entries living in a QPV, contacts and interviews held while in the programme,
-- young people with at least one professional situation started during it, and those
-- situations ("mesures").
-- Inputs: $communes, $start, $end, $programme ('CEJ' or 'PACEA')
-- Contacts and situations are first counted per commune × person (a contact within two
-- programme periods counts twice, as the join gives); people are then counted from one
-- row per commune × person and per person over the whole selection (someone in two
-- communes counts once in the total): cheaper than `count(distinct …)` by set.
with selection as (
    select unnest($communes::varchar[]) as code_insee
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
        person_key,
        bool_or(start_date >= $start) as entree,
        bool_or(start_date >= $start and qpv_code is not null and qpv_code <> 'inconnu')
            as entree_qpv,
        -- an entry of the period with a known QPV answer ('inconnu' is unknown)
        bool_or(start_date >= $start and coalesce(qpv_code, '') <> 'inconnu')
            as entree_qpv_connue
    from periods
    group by code_insee, person_key
),

contacts as (
    select
        pe.code_insee,
        pe.person_key,
        count(*) as contacts,
        count(*) filter (where c.contact_type = 'entretien') as entretiens
    from ml_contacts as c
    inner join periods as pe
        on pe.person_key = c.person_key
        and c.contact_date >= pe.start_date
        and (pe.end_date is null or c.contact_date <= pe.end_date)
    where c.contact_date between $start and $end
    group by pe.code_insee, pe.person_key
),

solutions as (
    select pe.code_insee, pe.person_key, count(*) as mesures
    from ml_situations as si
    inner join periods as pe
        on pe.person_key = si.person_key
        and si.start_date >= pe.start_date
        and (pe.end_date is null or si.start_date <= pe.end_date)
    where si.start_date between $start and $end
    group by pe.code_insee, pe.person_key
),

people as (
    select
        f.code_insee,
        bool_or(f.entree) as entree,
        bool_or(f.entree_qpv) as entree_qpv,
        bool_or(f.entree_qpv_connue) as entree_qpv_connue,
        sum(c.contacts) as contacts,
        sum(c.entretiens) as entretiens,
        sum(so.mesures) as mesures
    from followed as f
    left join contacts as c on c.code_insee = f.code_insee and c.person_key = f.person_key
    left join solutions as so on so.code_insee = f.code_insee and so.person_key = f.person_key
    group by grouping sets ((f.code_insee, f.person_key), (f.person_key))
),

counts as (
    select
        code_insee,
        count(*) as accompagnes,
        count(*) filter (where entree) as entrees,
        -- NULL when there are entries and no one's QPV answer is known
        case when count(*) filter (where entree) = 0
            or count(*) filter (where entree_qpv_connue) > 0
            then count(*) filter (where entree_qpv) end as entrees_qpv,
        count(*) filter (where entree) - count(*) filter (where entree_qpv_connue)
            as entrees_qpv_inconnu,
        sum(contacts)::bigint as contacts,
        sum(entretiens)::bigint as entretiens,
        count(*) filter (where mesures > 0) as jeunes_solution,
        sum(mesures)::bigint as mesures
    from people
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.accompagnes, 0) as accompagnes,
    coalesce(c.entrees, 0) as entrees,
    if(c.accompagnes is null, 0, c.entrees_qpv) as entrees_qpv,
    coalesce(c.entrees_qpv_inconnu, 0) as entrees_qpv_inconnu,
    coalesce(c.contacts, 0) as contacts,
    coalesce(c.entretiens, 0) as entretiens,
    coalesce(c.jeunes_solution, 0) as jeunes_solution,
    coalesce(c.mesures, 0) as mesures
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
