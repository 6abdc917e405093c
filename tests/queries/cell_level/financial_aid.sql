-- financial_aid.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Financial aid paid to young people in the period, by scheme: amount and recipients.
-- Inputs: $communes, $start, $end
-- Payments are summed per commune × young person first; recipients are then counted from
-- one row per commune × person and per person over the whole selection (someone in two
-- communes counts once in the total): cheaper than `count(distinct …) filter` by set.
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

counts as (
    select
        code_insee,
        sum(total) as aide_total,
        count(total) as aide_beneficiaires,
        sum(cej) as aide_cej_allocation,
        count(*) filter (where cej_recipient) as aide_cej_beneficiaires,
        sum(pacea) as aide_pacea_allocation,
        count(*) filter (where pacea_recipient) as aide_pacea_beneficiaires,
        sum(fajem) as aide_fajem,
        count(*) filter (where fajem_recipient) as aide_fajem_beneficiaires,
        sum(fonds_ml) as aide_fonds_ml,
        count(fonds_ml) as aide_fonds_ml_beneficiaires,
        sum(fonds_ml_repas) as aide_fonds_ml_repas,
        count(fonds_ml_repas) as aide_fonds_ml_repas_beneficiaires,
        sum(mobilite) as aide_mobilite_ml,
        count(mobilite) as aide_mobilite_beneficiaires
    from payments
    group by code_insee
)

select
    k.code_insee,
    coalesce(c.aide_total, 0) as aide_total,
    coalesce(c.aide_beneficiaires, 0) as aide_beneficiaires,
    coalesce(c.aide_cej_allocation, 0) as aide_cej_allocation,
    coalesce(c.aide_cej_beneficiaires, 0) as aide_cej_beneficiaires,
    coalesce(c.aide_pacea_allocation, 0) as aide_pacea_allocation,
    coalesce(c.aide_pacea_beneficiaires, 0) as aide_pacea_beneficiaires,
    coalesce(c.aide_fajem, 0) as aide_fajem,
    coalesce(c.aide_fajem_beneficiaires, 0) as aide_fajem_beneficiaires,
    coalesce(c.aide_fonds_ml, 0) as aide_fonds_ml,
    coalesce(c.aide_fonds_ml_beneficiaires, 0) as aide_fonds_ml_beneficiaires,
    coalesce(c.aide_fonds_ml_repas, 0) as aide_fonds_ml_repas,
    coalesce(c.aide_fonds_ml_repas_beneficiaires, 0) as aide_fonds_ml_repas_beneficiaires,
    coalesce(c.aide_mobilite_ml, 0) as aide_mobilite_ml,
    coalesce(c.aide_mobilite_beneficiaires, 0) as aide_mobilite_beneficiaires
from (select code_insee from selection union all select null) as k
left join counts as c on c.code_insee is not distinct from k.code_insee
