"""Streamlit user interface: French formats, wording, cached state and tiles."""
