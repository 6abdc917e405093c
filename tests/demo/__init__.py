"""Tests of the demonstration data (demo/)."""
