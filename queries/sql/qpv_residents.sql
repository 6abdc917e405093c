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
-- include: qpv_residents_people

ml_followed as (
    select distinct 'ml_jeunes_accompagnes' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_contacts as c
    inner join young as y on y.person_key = c.person_key
    where c.contact_type = 'entretien'
      and c.contact_date between $start and $end
),

-- CEJ and PACEA entries of the period, with each of the young person's rows in the selection
programme_entries as (
    select
        lower(p.programme) || '_entrees' as population, y.person_key, y.code_insee, y.qpv_code
    from ml_programmes as p
    inner join young as y on y.person_key = p.person_key
    where p.programme in ('CEJ', 'PACEA')
      and p.start_date between $start and $end
),

-- include: qpv_residents_counts
