"""Tests of the user-interface helpers (charts, tables, tiles)."""
