-- job_seekers_breakdown.sql
-- Grain: one row per commune of the selection with data at the month (plus the whole
-- selection, code_insee null) × dimension (category, sex, age band, registration
-- duration) × modality. Job seekers registered at the end of one month.
-- Each dimension is read from the rows that detail it (`_job_seekers_chosen.sql`): the
-- detail cells, or the file's published margins (Dares: both sexes, by sex, by age). A
-- dimension the data do not detail (category when only A, B, C together were imported,
-- sex when only both sexes) keeps its modalities with de_abc NULL, for the commune and
-- for the whole selection when any commune with data lacks it; a modality a detailed
-- commune has no row for is NULL too. Null counts (statistical secret in the source)
-- are left out of the sums, never counted as 0.
-- Inputs: $communes, $month (first day of the month)
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

stock as (
    select month, code_insee, category, sex, age_band, duration_band, count, _import_id
    from job_seekers
    where month = $month
      and code_insee in (select code_insee from selection)
),

figures (figure, needs, all_categories) as (
    values ('category', 8, false), ('sex', 4, true), ('age_band', 2, true),
        ('duration_band', 1, true)
),

-- include: job_seekers_grain

per_grain as (
    select month, code_insee, grain, bool_or(category in ('B', 'C') or detail_import) as more_than_a
    from cells
    group by month, code_insee, grain
),

-- include: job_seekers_chosen

modalities (dimension, modality) as (
    values
        ('category', 'A'), ('category', 'B'), ('category', 'C'),
        ('sex', 'F'), ('sex', 'H'),
        ('age_band', 'moins_25'), ('age_band', '25_49'), ('age_band', '50_plus'),
        ('duration_band', 'moins_12m'), ('duration_band', '12_23m'),
        ('duration_band', '24m_plus')
),

answers as (
    select
        ch.code_insee,
        ch.figure as dimension,
        case ch.figure
            when 'category' then c.category
            when 'sex' then c.sex
            when 'age_band' then c.age_band
            else c.duration_band
        end as modality,
        sum(c.count) as value
    from chosen as ch
    inner join cells as c
        on c.month = ch.month and c.code_insee = ch.code_insee and c.grain = ch.grain
    group by all
),

per_commune as (
    select
        r.code_insee,
        m.dimension,
        m.modality,
        -- a modality without rows in the chosen grain is 0 (a file omits empty cells), but
        -- for categories only in a full A, B, C detail (the Dares file publishes A alone);
        -- a row whose count is secret stays unknown
        case when ch.grain is not null and a.code_insee is null
                  and (m.dimension <> 'category' or g.more_than_a) then 0
             else a.value end as value,
        ch.grain is not null as supported
    from (select distinct month, code_insee from cells) as r
    cross join modalities as m
    left join chosen as ch
        on ch.month = r.month and ch.code_insee = r.code_insee and ch.figure = m.dimension
    left join answers as a
        on a.code_insee = r.code_insee and a.dimension = m.dimension
        and a.modality = m.modality
    left join per_grain as g
        on g.month = r.month and g.code_insee = r.code_insee and g.grain = ch.grain
)

select
    code_insee,
    dimension,
    modality,
    case when bool_and(supported) then sum(value) end as de_abc
from per_commune
group by grouping sets ((code_insee, dimension, modality), (dimension, modality))
order by dimension, modality, code_insee nulls last
