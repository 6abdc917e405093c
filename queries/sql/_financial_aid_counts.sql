-- _financial_aid_counts.sql (included by financial_aid.sql and calendar_year/financial_aid.sql, never run alone)
-- The sums of `payments` (one row per commune × person and per person over the selection),
-- one row per commune of the selection and one for the whole selection. A scheme's
-- recipients (`*_beneficiaires`: persons paid at least once, a person's NULL sum being no
-- payment of it) are what the secret hides its amount with (queries/secret.py: DERIVED).
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
