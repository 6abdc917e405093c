-- _job_seekers_grain.sql (included by the job_seekers_*.sql queries, never run alone)
-- The grain of each job-seeker row. A file gives detail cells (category A, B or C × sex ×
-- age band × duration), published margins (`ABC` = A, B and C together, `total` = both
-- sexes, all ages, all durations), or both (the Dares file: ABC and A, each with sex and
-- age margins). Margins are never added to detail: each row has a grain, the set of
-- dimensions it details (bits: 8 category, 4 sex, 2 age band, 1 duration), and a figure
-- is read from the rows of one grain only (`_job_seekers_chosen.sql`).
-- Imports made before margins were stored have NULL dimensions: read as margins. Rows of
-- other categories (D, E) are left out.
-- `detail_import`: the row's import details categories B or C somewhere (the store's
-- `job_seekers_imports`): its category A rows are then part of a full A, B, C detail in
-- which a small commune's empty B and C cells were left out, not an A-only file.
-- Needs, defined before the include: `stock` (month, code_insee, category, sex,
-- age_band, duration_band, count, _import_id).
cells as (
    select
        month,
        code_insee,
        count,
        coalesce((select i.has_bc from job_seekers_imports as i
                  where i._import_id is not distinct from stock._import_id), false)
            as detail_import,
        coalesce(category, 'ABC') as category,
        coalesce(sex, 'total') as sex,
        coalesce(age_band, 'total') as age_band,
        coalesce(duration_band, 'total') as duration_band,
        (case when coalesce(category, 'ABC') <> 'ABC' then 8 else 0 end)
        + (case when coalesce(sex, 'total') <> 'total' then 4 else 0 end)
        + (case when coalesce(age_band, 'total') <> 'total' then 2 else 0 end)
        + (case when coalesce(duration_band, 'total') <> 'total' then 1 else 0 end) as grain
    from stock
    where coalesce(category, 'ABC') in ('A', 'B', 'C', 'ABC')
),
