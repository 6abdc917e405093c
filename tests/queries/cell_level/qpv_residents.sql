-- qpv_residents.sql
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

ml_followed as (
    select distinct 'ml_jeunes_accompagnes' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_contacts as c
    inner join young as y on y.person_key = c.person_key
    where c.contact_type = 'entretien'
      and c.contact_date between $start and $end
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
        count(distinct person_key) filter (
            where qpv_code is not null and qpv_code <> 'inconnu') as personnes_qpv,
        -- people none of whose answers is known ('inconnu'; NULL is « not in a QPV »)
        count(distinct person_key) - count(distinct person_key) filter (
            where qpv_code is distinct from 'inconnu') as personnes_qpv_inconnu
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
    c.personnes_qpv,
    c.personnes_qpv_inconnu
from counts as c
left join qpv as q on q.qpv_code = c.qpv_code and q.code_insee = c.code_insee
where not (c.all_quartiers = 0 and (c.qpv_code is null or c.qpv_code = 'inconnu'))
order by c.population, level, c.code_insee, c.qpv_code
