"""The store: schema of the fact tables, catalogue of imports, reference data, demo data."""
