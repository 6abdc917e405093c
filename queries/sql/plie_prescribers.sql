-- plie_prescribers.sql
-- Grain: one row per prescriber, for the whole selection: new PLIE participants whose
-- pathway started in the period (same scope as plie_entries.sql), by who referred them.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

entries as (
    select person_key, prescriber
    from plie_participants
    where entry_date between $start and $end
      and code_insee in (select code_insee from selection)
)

select
    coalesce(nullif(trim(prescriber), ''), 'Non renseigné') as prescriber,
    count(distinct person_key) as plie_nouvelles_entrees
from entries
group by all
order by plie_nouvelles_entrees desc, prescriber
