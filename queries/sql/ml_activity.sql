-- ml_activity.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Mission Locale activity: first registrations, young people followed (at least one
-- individual interview in the period), contacts of all kinds, individual interviews.
-- Inputs: $communes, $start, $end
-- People are counted from one row per commune × person (and per person over the whole
-- selection, so that someone in two communes counts once in the total): cheaper than
-- `count(distinct …)`. A calendar year (every page's period) is read by the calendar-year
-- form, `calendar_year/ml_activity.sql`, from each person's year summed at the store's
-- build; this one counts the contacts of the selection's young people, for any period.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

young as (
    select person_key, code_insee, registration_date
    from ml_young
    where code_insee in (select code_insee from selection)
      and person_key is not null
),

contacts as (
    select
        person_key,
        count(*) as ml_contacts,
        count(*) filter (where contact_type = 'entretien') as ml_entretiens
    from ml_contacts
    where contact_date between $start and $end
      and person_key in (select person_key from young)
    group by person_key
),

people as (
    select
        y.code_insee,
        bool_or(y.registration_date between $start and $end) as inscrit,
        bool_or(c.ml_entretiens > 0) as accompagne,
        sum(c.ml_contacts) as ml_contacts,
        sum(c.ml_entretiens) as ml_entretiens
    from young as y
    left join contacts as c on c.person_key = y.person_key
    group by grouping sets ((y.code_insee, y.person_key), (y.person_key))
),

-- include: ml_activity_counts
