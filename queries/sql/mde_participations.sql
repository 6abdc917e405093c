-- mde_participations.sql
-- Grain: one row per employment event the Maison de l'Emploi only attended in the period
-- (a stand at a partner's fair, workshops at another organiser's forum: role
-- 'participation'), with its quarter. They are the Maison de l'Emploi's activity, not the
-- communes': read from the events sheets imported for a territory that one of the
-- selection's communes belongs to, wherever the event took place (often outside it).
-- Inputs: $communes, $start, $end
with territories as (
    select distinct territory
    from territory_communes
    where code_insee in (select unnest($communes::varchar[]))
)

select
    e.event_date,
    quarter(e.event_date) as quarter,
    e.name,
    e.code_insee,
    c.name as commune
from mde_events as e
left join communes as c on c.code_insee = e.code_insee
where e.event_date between $start and $end
  and e.role = 'participation'
  and e._territory in (select territory from territories)
order by e.event_date, e.name
