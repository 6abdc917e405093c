-- _ml_extraction_years.sql (included by available_years.sql and data_coverage.sql)
-- The years a Mission Locale extraction covers, per declared territory: its aid payments'
-- years and the year of its latest dated line (data/store.py: ML_EXTRACTION_YEARS), written
-- again here from the tables themselves. Columns: territory, year.
        select _territory as territory, year(payment_date) as year from financial_aid
        union
        select territory, max(year) from (
            select _territory as territory, year(registration_date) as year from ml_young
            union all select _territory, year(contact_date) from ml_contacts
            union all select _territory, year(start_date) from ml_programmes
            union all select _territory, year(start_date) from ml_situations
            union all select _territory, year(payment_date) from financial_aid
        ) group by territory
