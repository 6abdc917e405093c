"""Tests of the French wording and formats (wording/)."""
