-- clause_hours_monthly.sql
-- Grain: one row per month of the period with clause data, for the whole selection (same
-- scope as clause_hours.sql). Insertion hours worked by residents of the selection,
-- wherever the site, hours worked on the selection's sites by anyone, and the residents
-- who worked.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

hours as (
    select month, person_key, hours, resident_insee, operation_insee
    from clause_hours
    where month between $start and $end
)

select
    month,
    coalesce(sum(hours) filter (
        where resident_insee in (select code_insee from selection)
    ), 0) as clause_heures,
    coalesce(sum(hours) filter (
        where operation_insee in (select code_insee from selection)
    ), 0) as clause_heures_sites,
    count(distinct person_key) filter (
        where resident_insee in (select code_insee from selection)
    ) as clause_personnes
from hours
where resident_insee in (select code_insee from selection)
   or operation_insee in (select code_insee from selection)
group by month
order by month
