"""Tests of the user-interface helpers (formats, tiles)."""
