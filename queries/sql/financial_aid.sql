-- financial_aid.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- Financial aid paid to young people in the period, by scheme: amount and recipients.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

payments as (
    select a.person_key, a.scheme, a.amount, y.code_insee
    from financial_aid as a
    inner join ml_young as y on y.person_key = a.person_key
    where a.payment_date between $start and $end
)

select
    s.code_insee,
    coalesce(sum(p.amount), 0) as aide_total,
    coalesce(sum(p.amount) filter (where p.scheme = 'allocation_cej'), 0) as aide_cej_allocation,
    count(distinct p.person_key) filter (where p.scheme = 'allocation_cej') as aide_cej_beneficiaires,
    coalesce(sum(p.amount) filter (where p.scheme = 'allocation_pacea'), 0) as aide_pacea_allocation,
    count(distinct p.person_key) filter (
        where p.scheme = 'allocation_pacea'
    ) as aide_pacea_beneficiaires,
    coalesce(sum(p.amount) filter (where p.scheme = 'fajem'), 0) as aide_fajem,
    count(distinct p.person_key) filter (where p.scheme = 'fajem') as aide_fajem_beneficiaires,
    coalesce(sum(p.amount) filter (where p.scheme = 'fonds_ml'), 0) as aide_fonds_ml,
    coalesce(sum(p.amount) filter (where p.scheme = 'fonds_ml_repas'), 0) as aide_fonds_ml_repas,
    coalesce(sum(p.amount) filter (where p.scheme = 'mobilite'), 0) as aide_mobilite_ml
from selection as s
left join payments as p on p.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
