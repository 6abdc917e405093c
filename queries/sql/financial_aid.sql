-- financial_aid.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Financial aid paid to young people in the period, by scheme: amount and recipients.
-- Inputs: $communes, $start, $end
-- Payments are summed per commune × young person first; recipients are then counted from
-- one row per commune × person and per person over the whole selection (someone in two
-- communes counts once in the total): cheaper than `count(distinct …) filter` by set.
-- A calendar year (every page's period) is read by the calendar-year form,
-- `calendar_year/financial_aid.sql`, from each person's year summed at the store's build;
-- this one reads the payments, for any period.
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

young as (
    select person_key, code_insee
    from ml_young
    where code_insee in (select code_insee from selection)
),

payments as (
    select
        y.code_insee,
        a.person_key,
        sum(a.amount) as total,
        sum(a.amount) filter (where a.scheme = 'allocation_cej') as cej,
        sum(a.amount) filter (where a.scheme = 'allocation_pacea') as pacea,
        sum(a.amount) filter (where a.scheme = 'fajem') as fajem,
        sum(a.amount) filter (where a.scheme = 'fonds_ml') as fonds_ml,
        sum(a.amount) filter (where a.scheme = 'fonds_ml_repas') as fonds_ml_repas,
        sum(a.amount) filter (where a.scheme = 'mobilite') as mobilite,
        bool_or(a.scheme = 'allocation_cej') as cej_recipient,
        bool_or(a.scheme = 'allocation_pacea') as pacea_recipient,
        bool_or(a.scheme = 'fajem') as fajem_recipient
    from financial_aid as a
    inner join young as y on y.person_key = a.person_key
    where a.payment_date between $start and $end
    group by grouping sets ((y.code_insee, a.person_key), (a.person_key))
),

-- include: financial_aid_counts
