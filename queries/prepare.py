"""What a new store version prepares before its first visitors ask: the reference
territories' figures, then each defined territory's default views.

After an import, every page of the app is computed again: the first official to open
« Ma commune » would wait for the territory's 28 queries (national data: 250 to 450 ms),
the next ones read them from the shared results (`queries.runner`). The app prepares a new
version in a background thread instead (`prepare_in_background`, started by `ui/state.py`
through `Store.on_new_version`; `settings.PREPARE_REFERENCES`):

1. the reference territories' figures (`queries.references.prepare`);
2. for each defined territory and its two latest years with data, the queries of its
   default views: the filter bar's years, the key figures, the five dashboards (the whole
   territory, its default reference), « Ma commune » (its territory-wide part) and the
   ONPV quarters (also as an élu sees them), the year's sentences (also an élu's). Their
   results are kept with the version (`runner.preparing`), outside the shared results'
   budget.

Until it ends, or for what it does not hold (another year, a selection of communes), a
page computes its figures as before; prepared or computed, they are the same results of
the same queries (tests/queries/test_prepare.py). The figures are raw: the statistical
secret applies after, by audience, as always (what an élu sees is kept apart from what a
manager sees).
"""

import logging
import os
import threading
import time
from collections.abc import Callable

import duckdb

from data import territories
from queries import context, dashboards, figures, masking, narrative, references, runner

log = logging.getLogger(__name__)


def prepare_territory(con: duckdb.DuckDBPyConnection, territory: str,
                      years: list[int] | None = None) -> int:
    """Run the default views of `territory` for `years` (its latest with data,
    `references.LATEST_YEARS`) within `runner.preparing`; returns how many results the
    version keeps."""
    communes = tuple(context.territory_communes(territory))
    reference = territories.default_reference(territory)
    with runner.preparing():
        context.available_years(con, territory)  # the filter bar's
        for year in (references.latest_years(con, territory) if years is None else years):
            figures.key_figures(con, territory, year)
            for page in (dashboards.job_seekers_page, dashboards.plie_page,
                         dashboards.ml_page, dashboards.qpv_page):
                page(con, territory, communes, year, reference, audience="gestionnaire")
            # the Maison de l'Emploi's page offers no reference (views/maison_emploi.py)
            dashboards.mde_page(con, territory, communes, year, None, audience="gestionnaire")
            dashboards.commune_page(con, territory, communes[0], year, reference,
                                    audience="gestionnaire")
            dashboards.qpv_onpv_page(con, territory, year, audience="gestionnaire")
            # a commune's key figures for an élu: the secret of the per-commune table
            masking.key_figures(con, territory, year, communes[0], audience="elu")
            masking.key_figures(con, territory, year, audience="elu")
            # the year's sentences (key figures page, AG slides): their comparison, and as
            # an élu reads them; the quarters' page as an élu's fiche and slides read it
            narrative.build(con, territory, year, audience="gestionnaire")
            narrative.build(con, territory, year, audience="elu")
            dashboards.qpv_onpv_page(con, territory, year, audience="elu")
    return runner.prepared_results(con)


def prepare(con: duckdb.DuckDBPyConnection, stop: Callable[[], bool] = lambda: False) -> dict:
    """Everything a new version prepares, on `con`'s version: {"references": sets,
    "results": kept results, "s": seconds}. `stop()` is asked between two steps."""
    started = time.perf_counter()
    done = {"references": references.prepare(con, stop=stop), "results": 0}
    for territory in territories.definitions():
        if stop():
            break
        try:
            done["results"] = prepare_territory(con, territory)
        except context.ScopeError:  # a territory without communes: its pages say so
            log.warning("Territory %s not prepared: no commune", territory)
    done["s"] = time.perf_counter() - started
    return done


def prepare_in_background(connect: Callable[[], duckdb.DuckDBPyConnection]) -> threading.Thread:
    """Prepare the version `connect()` gives in a thread, which stops early when a newer
    version has begun its own preparation."""
    def work():
        _lower_priority()
        con = connect()
        token = runner.version_of(con)
        try:
            done = prepare(con, stop=lambda: references.newest_version() not in (None, token))
            log.info("Version %s prepared: %d reference sets, %d results in %.1f s", token,
                     done["references"], done["results"], done["s"])
        except Exception:
            log.exception("Preparing version %s failed", token)
        finally:
            con.close()

    thread = threading.Thread(target=work, name="tbe-prepare", daemon=True)
    thread.start()
    return thread


def _lower_priority() -> None:
    """The preparing thread yields the cores to the pages being viewed (Linux: a thread's
    own niceness; DuckDB's worker threads keep theirs)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # another system: the same priority
        pass
