-- _job_seekers_grain.sql (included by the job_seekers_*.sql queries, never run alone)
-- Which rows answer each figure, for each commune and month.
-- A file gives detail cells (category A, B or C × sex × age band × duration), published
-- margins (`ABC` = A, B and C together, `total` = both sexes, all ages, all durations),
-- or both (the Dares file: ABC and A, each with sex and age margins). Margins are never
-- added to detail. Each row has a grain: the set of dimensions it details (bits: 8
-- category, 4 sex, 2 age band, 1 duration). For a figure, a commune and a month, the
-- grain chosen is the one that details what the figure needs with the fewest other
-- dimensions to sum over: the published margin when the file has it (ABC total for
-- de_abc, ABC women for de_abc_femmes), the sum of the detail otherwise (A + B + C).
-- A figure no grain of a commune answers (de_a when only ABC was imported, women when
-- only both sexes together) has no `chosen` row: the queries give NULL, never a guess.
-- Category detail counts all job seekers only when it has more than category A (the
-- Dares file's A rows are not A + B + C). Rows of other categories (D, E) are left out.
-- Imports made before margins were stored have NULL dimensions: read as margins.
-- Needs, defined before the include: `stock` (month, code_insee, category, sex,
-- age_band, duration_band, count) and `figures` (figure, needs, all_categories): the
-- grain bits a figure needs in detail, and whether it counts categories A, B and C.
cells as (
    select
        month,
        code_insee,
        count,
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

grains as (
    select month, code_insee, grain, bool_or(category in ('B', 'C')) as more_than_a
    from cells
    group by month, code_insee, grain
),

chosen as (
    select
        g.month,
        g.code_insee,
        f.figure,
        arg_min(g.grain, bit_count(g.grain - (g.grain & f.needs)) * 16 + g.grain) as grain
    from grains as g
    cross join figures as f
    where (g.grain & f.needs) = f.needs
      and (not f.all_categories or (g.grain & 8) = 0 or g.more_than_a)
    group by g.month, g.code_insee, f.figure
),
