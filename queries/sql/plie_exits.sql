-- plie_exits.sql
-- Grain: one row per commune of the selection, plus the whole selection (code_insee null).
-- PLIE pathways closed in the period, by kind of exit, and the profile of positive exits.
-- Inputs: $communes, $start, $end, $senior_age, $low_level_max
with selection as (
    select unnest($communes::varchar[]) as code_insee
),

exits as (
    select *
    from plie_participants
    where exit_date between $start and $end
)

select
    s.code_insee,
    count(x.person_key) as plie_sorties,
    -- a count by kind is NULL (not available) when no exit's kind is known (a file without
    -- the column nor the reason), and 0 when there is no exit; the profile of positive
    -- exits the same, for each answer
    case when count(x.person_key) = 0 then 0 when bool_or(x.exit_kind is not null) then
        count(x.person_key) filter (where x.exit_kind = 'positive') end as plie_sorties_positives,
    case when count(x.person_key) = 0 then 0 when bool_or(x.exit_kind is not null) then
        count(x.person_key) filter (where x.exit_kind = 'neutre') end as plie_sorties_neutres,
    case when count(x.person_key) = 0 then 0 when bool_or(x.exit_kind is not null) then
        count(x.person_key) filter (where x.exit_kind = 'autre') end as plie_sorties_autres,
    count(x.person_key) filter (
        where x.exit_kind is distinct from 'neutre'
    ) as plie_sorties_hors_neutres,
    count(x.person_key) filter (where x.exit_kind is null) as plie_sorties_type_inconnu,
    case when count(x.person_key) = 0 then 0 when not bool_or(x.exit_kind is not null) then null
        when count(x.person_key) filter (where x.exit_kind = 'positive') = 0 then 0
        when bool_or(x.sex is not null) filter (where x.exit_kind = 'positive') then
        count(x.person_key) filter (where x.exit_kind = 'positive' and x.sex = 'H')
    end as plie_sp_hommes,
    case when count(x.person_key) = 0 then 0 when not bool_or(x.exit_kind is not null) then null
        when count(x.person_key) filter (where x.exit_kind = 'positive') = 0 then 0
        when bool_or(x.sex is not null) filter (where x.exit_kind = 'positive') then
        count(x.person_key) filter (where x.exit_kind = 'positive' and x.sex = 'F')
    end as plie_sp_femmes,
    case when count(x.person_key) = 0 then 0 when not bool_or(x.exit_kind is not null) then null
        when count(x.person_key) filter (where x.exit_kind = 'positive') = 0 then 0
        when bool_or(x.education_level is not null) filter (where x.exit_kind = 'positive') then
        count(x.person_key) filter (
            where x.exit_kind = 'positive' and x.education_level <= $low_level_max)
    end as plie_sp_niveau_bas,
    case when count(x.person_key) = 0 then 0 when not bool_or(x.exit_kind is not null) then null
        when count(x.person_key) filter (where x.exit_kind = 'positive') = 0 then 0
        when bool_or(x.rsa is not null) filter (where x.exit_kind = 'positive') then
        count(x.person_key) filter (where x.exit_kind = 'positive' and x.rsa)
    end as plie_sp_rsa,
    case when count(x.person_key) = 0 then 0 when not bool_or(x.exit_kind is not null) then null
        when count(x.person_key) filter (where x.exit_kind = 'positive') = 0 then 0
        when bool_or(x.age_at_entry is not null) filter (where x.exit_kind = 'positive') then
        count(x.person_key) filter (
            where x.exit_kind = 'positive' and x.age_at_entry >= $senior_age)
    end as plie_sp_seniors
from selection as s
left join exits as x on x.code_insee = s.code_insee
group by grouping sets ((s.code_insee), ())
