"""What a new store version prepares (`queries.prepare`): each defined territory's default
views read their queries' prepared results, and show the same figures as computed."""

from queries import context, dashboards, figures, prepare, runner
from tests.queries.test_references import assert_same, con, counted

MNO = tuple(context.territory_communes("mno"))
__all__ = ["con", "counted"]  # the fixtures of test_references.py


def views(con, year=2025, reference="nord"):
    return {
        "years": context.available_years(con, "mno"),
        "key_figures": figures.key_figures(con, "mno", year),
        "commune_key_figures": figures.key_figures(con, "mno", year, "59328"),
        "job_seekers": dashboards.job_seekers_page(con, "mno", MNO, year, reference,
                                                   audience="elu"),
        "plie": dashboards.plie_page(con, "mno", MNO, year, reference, audience="elu"),
        "ml": dashboards.ml_page(con, "mno", MNO, year, reference, audience="elu"),
        "mde": dashboards.mde_page(con, "mno", MNO, year, None, audience="elu"),
        "qpv": dashboards.qpv_page(con, "mno", MNO, year, reference, audience="elu"),
        "commune": dashboards.commune_page(con, "mno", "59328", year, reference, audience="elu"),
        "map": dashboards.map_page(con, "mno", year, ("de_abc", "plie_participants"),
                                   audience="elu"),
    }


def test_the_default_views_read_what_the_version_prepared(con, counted):
    computed = views(con)
    ran = len(counted)
    assert ran > 40  # the views' own queries, computed
    assert prepare.prepare_territory(con, "mno", years=[2025]) > 0
    runner.clear_shared()
    counted.clear()
    read = views(con)
    assert_same(computed, read)
    # only « Ma commune »'s commune-level series runs (one commune's months, its QPV)
    assert counted == ["job_seekers_monthly"]


def test_another_year_or_a_part_of_the_territory_is_computed_as_before(con, counted):
    prepare.prepare_territory(con, "mno", years=[2025])
    runner.clear_shared()
    counted.clear()
    dashboards.plie_page(con, "mno", MNO[:3], 2025, "nord", audience="elu")
    assert "plie_participants" in counted
    counted.clear()
    figures.key_figures(con, "mno", 2023)
    assert "plie_participants" in counted


def test_a_version_prepares_its_references_and_its_territories_latest_years(con, counted):
    done = prepare.prepare(con)
    assert done["references"] > 0 and done["results"] > 0
    runner.clear_shared()
    counted.clear()
    # MNO's two latest years with data are 2025 and 2024, MELT's 2023 and 2022: read
    for territory, year in (("mno", 2025), ("mno", 2024), ("melt", 2023), ("melt", 2022)):
        figures.key_figures(con, territory, year)
    assert counted == []
    figures.key_figures(con, "mno", 2023)  # not among MNO's latest: computed
    assert "plie_participants" in counted


def test_prepared_results_belong_to_the_newest_versions():
    import pandas as pd

    for token in ("a", "b", "c"):
        runner._prepare(token, "q", (), pd.DataFrame({"x": [1]}))
    assert runner._prepared("a", "q", ()) is None
    assert runner._prepared("c", "q", ()) is not None
