-- mde_events_list.sql
-- Grain: one row per employment event organised by the Maison de l'Emploi in the period
-- (alone or with partners: `role`) in a commune of the selection (same scope as
-- mde_events.sql), with its quarter.
-- Interviews are null when the event does not record them.
-- Inputs: $communes, $start, $end
select
    e.event_date,
    quarter(e.event_date) as quarter,
    e.name,
    e.code_insee,
    c.name as commune,
    e.exhibitors,
    e.participants,
    e.interviews,
    e.role
from mde_events as e
left join communes as c on c.code_insee = e.code_insee
where e.event_date between $start and $end
  and e.code_insee in (select unnest($communes::varchar[]))
  and e.role is distinct from 'participation'
order by e.event_date, e.name
