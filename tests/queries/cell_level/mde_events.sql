-- mde_events.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Employment events organised by the Maison de l'Emploi in the period, by the commune
-- where they took place. Interviews are summed over the events that record them.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

events as (
    select *
    from mde_events
    where event_date between $start and $end
      and role is distinct from 'participation'
)

select
    s.code_insee,
    count(e.event_date) as evt_organises,
    case when count(e.event_date) = 0 then 0 else sum(e.exhibitors) end as evt_exposants,
    case when count(e.event_date) = 0 then 0 else sum(e.participants) end as evt_participants,
    sum(e.interviews) as evt_entretiens
from selection as s
left join events as e on e.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
