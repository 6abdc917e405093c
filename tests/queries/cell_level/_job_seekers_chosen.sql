-- _job_seekers_chosen.sql (included by the job_seekers_*.sql queries, never run alone)
-- For each figure, commune and month, the grain whose rows answer it: the one that
-- details what the figure needs with the fewest other dimensions to sum over. That is the
-- published margin when the file has it (the ABC total for de_abc, ABC women for
-- de_abc_femmes), the sum of the detail otherwise (A + B + C). A figure no grain of a
-- commune answers (de_a when only ABC was imported, women when only both sexes) has no
-- `chosen` row: the queries give NULL, never a guess. Category detail counts all job
-- seekers when it has more than category A, or when its import details B or C for other
-- communes (a detail file that omits a small commune's empty B and C cells); an A-only
-- file, or the Dares file's A rows published beside the ABC margin, are not A + B + C.
-- Needs, defined before the include: `per_grain` (month, code_insee, grain, more_than_a:
-- whether the grain's rows have category B or C, or come from an import that has some) and `figures` (figure, needs,
-- all_categories): the grain bits a figure needs in detail, and whether it counts
-- categories A, B and C together.
chosen as (
    select
        g.month,
        g.code_insee,
        f.figure,
        arg_min(g.grain, bit_count(g.grain - (g.grain & f.needs)) * 16 + g.grain) as grain
    from per_grain as g
    cross join figures as f
    where (g.grain & f.needs) = f.needs
      and (not f.all_categories or (g.grain & 8) = 0 or g.more_than_a)
    group by g.month, g.code_insee, f.figure
),
