-- ml_situations.sql
-- Grain: one row per situation category (emploi, alternance, formation, immersion,
-- volontariat, scolarite), for the whole selection: professional situations of Mission
-- Locale young people started in the period, and the young people concerned.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

situations as (
    select si.category, si.person_key
    from ml_situations as si
    inner join ml_young as y on y.person_key = si.person_key
    where y.code_insee in (select code_insee from selection)
      and si.start_date between $start and $end
)

select
    coalesce(category, 'autre') as category,
    count(*) as ml_situations,
    count(distinct person_key) as ml_jeunes_situation
from situations
group by all
order by ml_situations desc, category
