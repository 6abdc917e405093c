"""Tests of the Streamlit pages, run headless with AppTest."""
