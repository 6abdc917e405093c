"""Demonstration data, above ingest/: synthetic records reproducing the seed reports' key
figures (`records*.py`), written as the spreadsheets managers upload and imported through
the import pipeline (`generate.py`, `python -m cli demo`). The store (data/) knows only
the user name its imports carry (`data.catalog.DEMO_USER`)."""
