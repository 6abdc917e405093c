-- calendar_year/mde_events.sql
-- mde_events.sql for one calendar year (queries/runner.py: calendar-year forms): the same
-- rows, read from the communes' sums of the year made at the store's build
-- (`mde_events_years`, data/store.py: derive) instead of the events.
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Inputs: $communes, $start (1 January of the year)
-- Interviews are summed over the events that record them: NULL when none does.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

events as (
    select *
    from mde_events_years
    where year = year(cast($start as date))
)

select
    s.code_insee,
    coalesce(sum(e.events), 0)::bigint as evt_organises,
    case when coalesce(sum(e.events), 0) = 0 then 0 else sum(e.exhibitors) end as evt_exposants,
    case when coalesce(sum(e.events), 0) = 0 then 0 else sum(e.participants) end as evt_participants,
    sum(e.interviews) as evt_entretiens
from selection as s
left join events as e on e.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
