-- plie_exit_reasons.sql
-- Grain: one row per kind of exit (positive, neutre, autre, inconnu) × reason, for the whole
-- selection: PLIE pathways closed in the period (same scope as plie_exits.sql).
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

exits as (
    select exit_kind, exit_reason, person_key
    from plie_participants
    where exit_date between $start and $end
      and code_insee in (select code_insee from selection)
)

select
    coalesce(exit_kind, 'inconnu') as exit_kind,
    coalesce(exit_reason, 'Motif non renseigné') as exit_reason,
    count(person_key) as plie_sorties
from exits
group by all
order by exit_kind, plie_sorties desc, exit_reason
