"""Tests of the map geometry, class breaks and choropleth figures."""
