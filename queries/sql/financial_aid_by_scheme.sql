-- financial_aid_by_scheme.sql
-- Grain: one row per aid scheme, for the whole selection (same scope as financial_aid.sql:
-- the young person's commune). Amount paid in the period, recipients and payments.
-- Inputs: $communes, $start, $end
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

payments as (
    select a.scheme, a.amount, a.person_key
    from financial_aid as a
    inner join ml_young as y on y.person_key = a.person_key
    where y.code_insee in (select code_insee from selection)
      and a.payment_date between $start and $end
)

select
    scheme,
    sum(amount) as montant,
    count(distinct person_key) as beneficiaires,
    count(*) as versements
from payments
group by all
order by montant desc, scheme
