-- ml_activity_monthly.sql
-- Grain: one row per month of the period, for the whole selection. Mission Locale
-- activity (same scope as ml_activity.sql): first registrations, contacts by type, young
-- people with at least one individual interview in the month. The months after the
-- extraction's last contact (an extraction of September read in its year) are left out.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

young as (
    select person_key, registration_date
    from ml_young
    where code_insee in (select code_insee from selection)
),

-- the last contact of the selection's extractions (`coverage_spans`, as coverage.sql reads
-- them): the months after it are not known yet, not months without activity
reach as (
    select max(s.last_day) as last_day
    from coverage_spans as s
    where s.source = 'ml'
      and s.territory in (
          select territory from extraction_communes
          where source = 'ml' and code_insee in (select code_insee from selection)
          union
          select territory from territory_communes
          where code_insee in (select code_insee from selection)
      )
),

months as (
    select cast(unnest(generate_series(
        date_trunc('month', cast($start as date)),
        date_trunc('month', least(cast($end as date),
                                  coalesce((select last_day from reach), cast($end as date)))),
        interval 1 month
    )) as date) as month
),

registrations as (
    select date_trunc('month', registration_date) as month, count(distinct person_key) as n
    from young
    where registration_date between $start and $end
    group by all
),

contacts as (
    select
        date_trunc('month', c.contact_date) as month,
        count(*) as ml_contacts,
        count(*) filter (where c.contact_type = 'entretien') as ml_entretiens,
        count(*) filter (where c.contact_type = 'atelier') as ml_ateliers,
        count(*) filter (
            where c.contact_type in ('telephone', 'courriel', 'sms')
        ) as ml_contacts_distance,
        count(*) filter (
            where c.contact_type not in ('entretien', 'atelier', 'telephone', 'courriel', 'sms')
               or c.contact_type is null
        ) as ml_contacts_autres,
        count(distinct c.person_key) filter (
            where c.contact_type = 'entretien'
        ) as ml_jeunes_entretien
    from ml_contacts as c
    inner join young as y on y.person_key = c.person_key
    where c.contact_date between $start and $end
    group by all
)

select
    m.month,
    coalesce(r.n, 0) as ml_nouveaux_inscrits,
    coalesce(c.ml_contacts, 0) as ml_contacts,
    coalesce(c.ml_entretiens, 0) as ml_entretiens,
    coalesce(c.ml_ateliers, 0) as ml_ateliers,
    coalesce(c.ml_contacts_distance, 0) as ml_contacts_distance,
    coalesce(c.ml_contacts_autres, 0) as ml_contacts_autres,
    coalesce(c.ml_jeunes_entretien, 0) as ml_jeunes_entretien
from months as m
left join registrations as r on r.month = m.month
left join contacts as c on c.month = m.month
order by m.month
