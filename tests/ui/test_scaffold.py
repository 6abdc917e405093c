"""The page opening's filters: their names read once per run, the same as the filters'."""

import dataclasses

from ui.filters import Filters
from ui.scaffold import ReadFilters


def test_read_filters_name_the_place_as_the_filters_do():
    for f in (Filters("mno", 2025, (2025, 2024), (), ("59328", "59356"), "nord"),
              Filters("melt", 2023, (2023,), ("59328",), ("59328", "59356"), None)):
        read = ReadFilters.of(f)
        assert dataclasses.astuple(read) == dataclasses.astuple(f)
        for name in ("territory_label", "place", "territory_short", "short_place",
                     "reference_label"):
            assert getattr(read, name) == getattr(f, name), name
        assert read.url_params(commune="59328") == f.url_params(commune="59328")
        assert read.scope == f.scope
