"""The store: schema of the fact tables, catalogue of imports, reference data (`ref/`), and
the run-time state beside them (users, sessions, mappings, archive, audit). The demo data
are in demo/."""
