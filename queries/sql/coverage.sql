-- coverage.sql
-- Grain: one row, one boolean per table that the key figures read (queries/figures.py:
-- COVERAGE, COVERAGE_OF): whether it holds data of the selection for the period. Without
-- them the key figures read from a table are absent, not zero.
-- Inputs: $communes, $start, $end
-- An extraction of tracking software (PLIE, Mission Locale) is the one declared for a
-- territory holding a commune of the selection, or the one naming such a commune
-- (`extraction_communes`; another territory's extraction says nothing of this one). It
-- describes the period when its dates (`coverage_spans`: PLIE entries and exits, Mission
-- Locale contacts) begin by the period's end and reach into it: an extraction that ends
-- before the year gives neither its entries and exits (not 0, not −100 %) nor its
-- participants (the pathways still open at the extraction are not the year's).
-- - plie_participants: the PLIE extraction describes the period;
-- - plie_steps: so does it, and it holds steps begun by the period's end;
-- - ml_contacts: the Mission Locale extraction describes the period;
-- - ml_programmes: a programme (CEJ, PACEA) of the extraction starts in the period, or
--   programmes begun by its end in an extraction whose contacts reach into it;
-- - financial_aid: the extraction holds aid payments in the period (`coverage_days`);
-- - mde_events, clause_hours, ml_young: rows of the selection's communes in the period
--   (events, clause hours by the resident's commune, first registrations);
-- - ml_situations: the extraction describes the period for its programmes (as
--   ml_programmes) and holds situations at all (a « Situations » sheet; without one, the
--   CEJ's professional solutions are unknown, not 0).
-- The spans and communes are summed at the store's build (data/store.py: derive): a few
-- hundred rows, one query for every check of a period. The selection is materialized once
-- (read five times: all of France would otherwise cost twice as much).
with selection as materialized (
    select unnest($communes::varchar[]) as code_insee
),

extractions as (
    select source, territory
    from extraction_communes
    where code_insee in (select code_insee from selection)
    union
    select e.source, tc.territory
    from territory_communes as tc, (values ('plie'), ('ml')) as e(source)
    where tc.code_insee in (select code_insee from selection)
),

spans as (
    select
        min(s.first_day) filter (where s.source = 'plie') as plie_first,
        max(s.last_day) filter (where s.source = 'plie') as plie_last,
        min(s.first_day) filter (where s.source = 'plie_steps') as steps_first,
        min(s.first_day) filter (where s.source = 'ml') as ml_first,
        max(s.last_day) filter (where s.source = 'ml') as ml_last,
        min(s.first_day) filter (where s.source = 'ml_programmes') as programmes_first
    from coverage_spans as s
    inner join extractions as e
        on e.territory = s.territory
        and e.source = (case when s.source in ('plie', 'plie_steps') then 'plie' else 'ml' end)
),

checks as (
    select
        coalesce(plie_first <= $end and plie_last >= $start, false) as plie_participants,
        coalesce(plie_first <= $end and plie_last >= $start and steps_first <= $end, false)
            as plie_steps,
        coalesce(ml_first <= $end and ml_last >= $start, false) as ml_contacts,
        exists (
            select 1 from ml_programmes
            where start_date between $start and $end
              and _territory in (select territory from extractions where source = 'ml')
        ) or coalesce(programmes_first <= $end and ml_last >= $start, false) as ml_programmes,
        exists (
            select 1 from coverage_days
            where source = 'aid' and day between $start and $end
              and territory in (select territory from extractions where source = 'ml')
        ) as financial_aid,
        exists (
            select 1 from mde_events
            where code_insee in (select code_insee from selection)
              and event_date between $start and $end
              and role is distinct from 'participation'  -- another organiser's event
        ) as mde_events,
        exists (
            select 1 from clause_hours
            where resident_insee in (select code_insee from selection)
              and month between $start and $end
        ) as clause_hours,
        exists (
            select 1 from ml_young
            where code_insee in (select code_insee from selection)
              and registration_date between $start and $end
        ) as ml_young,
        exists (
            select 1 from ml_situations
            where _territory in (select territory from extractions where source = 'ml')
        ) as situations_sheet
    from spans
)

select
    * exclude (situations_sheet),
    situations_sheet and ml_programmes as ml_situations
from checks
