"""The load test's sessions of Streamlit's protocol (`bench.load_test.ProtocolTab`): they
open the app as a browser with an empty cache does, go from page to page, and see the
errors a page shows; and the report judges issue 17's targets on them."""

import asyncio

import pytest

from bench import load_test as lt
from data.store import Store
from tests.browser.conftest import streamlit_server
from tests.data.test_store import commit, events


@pytest.fixture(scope="module")
def app_url(demo_data_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("load_test") / "server.log"
    with streamlit_server("app.py", demo_data_dir, log) as url:
        yield url


def test_a_protocol_session_opens_the_app_goes_to_another_page_and_sees_errors(app_url):
    async def visit():
        tab = await lt.ProtocolTab.create(app_url)
        try:
            opened, served = await tab.open("plie?territory=mno&year=2025")
            plie_errors = await tab.errors()
            pages = dict(tab.pages)
            to_qpv = await tab.click("qpv")
            qpv_errors = await tab.errors()
        finally:
            await tab.close()
        return opened, served, plie_errors, pages, to_qpv, qpv_errors

    opened, served, plie_errors, pages, to_qpv, qpv_errors = asyncio.run(visit())
    assert 0 < served <= opened  # the page's run is part of opening the app
    assert plie_errors == 0 and qpv_errors == 0 and to_qpv > 0
    # the navigation message named the app's pages, the default one at the root
    assert {"", "plie", "qpv", "carte", "importer"} <= set(pages)


def test_a_protocol_session_counts_the_error_a_page_shows(tmp_path):
    store = tmp_path / "store"
    commit(Store(store), events(3))  # real data: the login page reads the accounts
    (store / "users.json").write_text('[{"name": "marie", "role": ')  # truncated by a full disk

    async def visit(url):
        tab = await lt.ProtocolTab.create(url)
        try:
            await tab.open("plie")
            return await tab.errors()
        finally:
            await tab.close()

    with streamlit_server("serve.py", store, tmp_path / "server.log") as url:
        assert asyncio.run(visit(url)) == 1  # the French « erreur inattendue » message


def test_opening_the_app_fetches_what_the_page_names_over_kept_alive_connections(app_url):
    async def fetch():
        host, port = app_url.split("//")[1].split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            page = await lt.http_get(reader, writer, "/")
            assets = sorted(set(lt.ASSET.findall(page.decode())))
            first = await lt.http_get(reader, writer, "/" + assets[0])  # same connection
        finally:
            writer.close()
        return page, assets, first

    page, assets, first = asyncio.run(fetch())
    assert b"<html" in page.lower()
    assert len(assets) >= 10 and all(a.startswith("static/") for a in assets)
    assert any(a.endswith(".js") for a in assets) and len(first) > 0


def _view(session, s, began, error=None, served=None):
    view = {"session": session, "page": "plie", "s": s, "began": began, "ended": began + s,
            "error": error}
    if served is not None:
        view["served_s"] = served
    return view


def _run(client, views, server_cpu_s):
    return {"client": client, "views": views, "baseline": [_view(0, 0.2, 0)],
            "import_start": 8.0, "import_end": 12.0, "import_rc": 0, "wall_s": 20.0,
            "server_cpu_s": server_cpu_s, "all_cpu_s": 38.0, "rss_max_mb": 450.0,
            "server_alive": True, "sessions": 2, "views_per_session": 10,
            "loadavg_start": "0.5", "loadavg_end": "1.0", "cpu_timeline": []}


def test_the_report_judges_the_targets_on_the_protocol_sessions_and_shows_the_browsers():
    # 20 views of 1 s by protocol sessions, one of 6 s: p95 (interpolated) = 1 + 0.95×… < 5 s
    protocol = [_view(i % 2, 1.0, i, served=0.5) for i in range(20)]
    browser = [_view(i % 2, 30.0, i, served=25.0) for i in range(20)]
    text = lt.markdown({"runs": [_run("protocol", protocol, 1.0), _run("browser", browser, 3.0)]})
    first, second = text.split("### Navigateurs sur la même machine")
    assert first.startswith("### Sessions du protocole de Streamlit")
    assert "connexions websocket" in first and "Chromium" in second
    # protocol: 1,0 s of server CPU for 20 views = 0,050 s a view; p95 1 000 ms
    assert "0,050 s (1 s pour 20 vues) → tenu" in first
    assert "1 000 ms sur toutes les vues → tenu" in first
    # browsers: 30 s a view, p95 not met, said so
    assert "30 000 ms sur toutes les vues → NON TENU" in second
    assert "0,150 s (3 s pour 20 vues) → NON TENU" in second
