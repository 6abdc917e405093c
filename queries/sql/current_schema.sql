-- current_schema.sql
-- Grain: one row, one value: the schema of the cursor, i.e. the database version it reads
-- (data/store.py: each version is a schema `v<n>`). `runner.parallel` opens the cursors of
-- a page's parts on the same one.
-- Inputs: none
select current_schema() as schema_name
