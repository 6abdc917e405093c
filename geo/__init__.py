"""Commune and QPV boundaries, class breaks and offline choropleth maps (no Streamlit)."""
