"""The app's memory: resident size after visiting every page, and after 200 page views.

Run: `.venv/bin/python -m bench.bench_memory [--views 200]`. Prints a Markdown table.

Starts `streamlit run app.py` on 127.0.0.1 with a fresh demo data directory (built with
`python -m cli demo`; it holds only demo data, so it opens without login, as a manager),
drives it with Playwright and Debian's headless Chromium (`/usr/bin/chromium`, nothing
downloaded), and reads the server's resident memory (VmRSS) from `/proc/<pid>/status`.

One browser tab browses the pages the way a user does: the sidebar links, the filters
following from page to page. After each tour of the 12 pages it reopens the app with the
next territory and year of the demo data (MNO 2025, MNO 2024, MELT 2023, MELT 2022), so
the caches fill with every combination before the end, then are reused. A view ends when
the server says its script has finished (the `data-test-script-state` of the app root
returns to `notRunning`).

Baseline, measured in the same run: the resident memory of a bare Streamlit server
running a one-line app, after one view. Targets: ≤ 500 MB after every page has been
visited; growth between view 50 (every combination seen) and the last view close to zero
(caches bounded, nothing leaks).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RSS_TARGET_MB = 500
COMBOS = [("mno", 2025), ("mno", 2024), ("melt", 2023), ("melt", 2022)]

# Marks the end of every script run: window.__tbeRuns counts the changes of the app root's
# script state from "running" to "notRunning" (a script run that has finished), and
# window.__tbeLast keeps the time of the last one (ms since the page was opened).
RUN_COUNTER = """
window.__tbeRuns = 0;
window.__tbeLast = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.oldValue === 'running'
        && r.target.getAttribute('data-test-script-state') === 'notRunning') {
      window.__tbeRuns++;
      window.__tbeLast = performance.now();
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""
# A view is over when a script run has finished and no other has started for QUIET_MS
# (loading a page may take two runs: the navigation, then the page).
QUIET_MS = 400
SETTLED = f"""(n) => window.__tbeRuns > n && performance.now() - window.__tbeLast > {QUIET_MS}
  && document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')
     === 'notRunning'"""
ERRORS = ('[data-testid="stException"], [data-testid="stAlertContentError"], '
          '[role="dialog"]')


def page_paths() -> list[str]:
    """The pages' URL paths, in the sidebar's order. The first page is the default one,
    which Streamlit serves at the root: its own `/chiffres_cles` is not a stable address
    (after the first run of the server, it opens with a « Page not found » dialog)."""
    from ui import nav

    return ["" if i == 0 else p.url_path for i, p in enumerate(nav.PAGES)]


def link(path: str) -> str:
    """The sidebar link to a page (the default page's link is the root)."""
    if path:
        return f'[data-testid="stSidebarNav"] a[href$="/{path}"]'
    return '[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"] >> nth=0'


# -- the demo store ------------------------------------------------------------------------
def demo_data_dir(name: str) -> Path:
    """A fresh copy of a demo data directory (built once per process with `cli demo`)."""
    base = CACHE / "demo_base"
    if not getattr(demo_data_dir, "built", False):
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "cli", "demo"], cwd=ROOT, check=True,
                       env={**os.environ, "TBE_DATA_DIR": str(base)}, stdout=subprocess.DEVNULL)
        demo_data_dir.built = True
    out = CACHE / name
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(base, out)
    return out


# -- the server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run` on 127.0.0.1 (loopback only), stopped on exit."""

    def __init__(self, data_dir: Path | None, app: Path = ROOT / "app.py"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="tbe-bench-", suffix=".log")[1])
        env = {**os.environ}
        if data_dir is not None:
            env["TBE_DATA_DIR"] = str(data_dir)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(app),
                 "--server.port", str(self.port), "--server.headless", "true",
                 "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 90
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit a quitté ({self.proc.returncode}) :\n"
                                   f"{self.log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit ne répond pas après 90 s")
            time.sleep(0.3)

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.unlink(missing_ok=True)

    def rss_mb(self) -> float:
        return status_mb(self.proc.pid, "VmRSS")

    def hwm_mb(self) -> float:
        return status_mb(self.proc.pid, "VmHWM")


def status_mb(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def loadavg() -> str:
    try:
        return " / ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


# -- one browser tab -------------------------------------------------------------------------
class Tab:
    """A Playwright page that counts the app's script runs (sync API)."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                           locale="fr-FR")
        self.context.add_init_script(RUN_COUNTER)
        self.page = self.context.new_page()
        self.base_url = base_url

    def _runs(self) -> int:
        return self.page.evaluate("window.__tbeRuns || 0")

    def _settle(self, before: int, timeout_ms: int) -> float:
        """Wait for the view to be over; the time of its last script end (ms, page clock)."""
        self.page.wait_for_function(SETTLED, arg=before, timeout=timeout_ms, polling=50)
        return self.page.evaluate("window.__tbeLast")

    def open(self, path: str, timeout_ms: int = 120_000) -> float:
        """Load the app at `path`: seconds from the navigation to the end of its last run."""
        self.page.goto(f"{self.base_url}/{path}")
        return self._settle(0, timeout_ms) / 1000

    def click(self, url_path: str, timeout_ms: int = 120_000) -> float:
        """Follow the sidebar link to a page: seconds from the click to the end of the run."""
        before = self._runs()
        start = self.page.evaluate("performance.now()")
        self.page.locator(link(url_path)).first.click()
        return (self._settle(before, timeout_ms) - start) / 1000

    def errors(self) -> int:
        return self.page.locator(ERRORS).count()

    def close(self) -> None:
        self.context.close()


def browse(server: Server, views: int, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    paths = page_paths()
    state = {"n": 0, "errors": 0, "times": [], "samples": [(0, server.rss_mb())]}

    def viewed(seconds: float, tab: Tab) -> None:
        state["times"].append(seconds)
        state["errors"] += tab.errors()
        state["n"] += 1
        n = state["n"]
        if n == len(paths) or n % 25 == 0 or n == views:
            state["samples"].append((n, server.rss_mb()))
            if n == len(paths):
                log(f"  toutes les pages vues : {state['samples'][-1][1]:.0f} Mo")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = Tab(browser, server.url)
            while state["n"] < views:
                terr, year = COMBOS[(state["n"] // len(paths)) % len(COMBOS)]
                viewed(tab.open(f"?territory={terr}&year={year}"), tab)
                for path in paths[1:]:
                    if state["n"] >= views:
                        break
                    viewed(tab.click(path), tab)
            tab.close()
        finally:
            browser.close()
    return {"samples": state["samples"], "times": state["times"], "errors": state["errors"]}


def bare_app() -> Path:
    path = CACHE / "bare_app.py"
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text('import streamlit as st\n\nst.write("ok")\n', encoding="utf-8")
    return path


def run(views: int = 200, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    result = {"views": views, "loadavg_start": loadavg()}
    with Server(None, bare_app()) as bare:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tab = Tab(browser, bare.url)
                tab.open("")
                tab.close()
            finally:
                browser.close()
        result["bare_mb"] = bare.rss_mb()
    data_dir = demo_data_dir("demo_memory")
    with Server(data_dir) as server:
        result["start_mb"] = server.rss_mb()
        result.update(browse(server, views, log))
        result["hwm_mb"] = server.hwm_mb()
    result["loadavg_end"] = loadavg()
    return result


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def markdown(result: dict) -> str:
    samples = dict(result["samples"])
    pages = len(page_paths())
    after_tour = samples.get(pages)
    last_n, last = result["samples"][-1]
    ref_n = min((n for n in samples if n >= 50), default=pages)
    growth = last - samples[ref_n]
    ok_rss = after_tour is not None and after_tour <= RSS_TARGET_MB
    lines = [
        f"Serveur `streamlit run app.py`, données de démonstration, un onglet Chromium qui "
        f"parcourt les {pages} pages par le menu, territoire et année changés à chaque tour "
        f"({', '.join(f'{t} {y}' for t, y in COMBOS)}).",
        "",
        "| mesure | mémoire résidente (Mo) |",
        "| --- | ---: |",
        f"| témoin : serveur Streamlit nu (une ligne `st.write`), après une vue | "
        f"{_n(result['bare_mb'])} |",
        f"| app démarrée, avant toute vue | {_n(result['start_mb'])} |",
    ]
    for n, mb in result["samples"][1:]:
        label = (f"après {n} vues (toutes les pages)" if n == pages else f"après {n} vues")
        lines.append(f"| {label} | {_n(mb)} |")
    lines.append(f"| pic (VmHWM) | {_n(result['hwm_mb'])} |")
    times = sorted(result["times"])
    med = times[len(times) // 2] * 1000 if times else float("nan")
    lines += [
        "",
        f"Objectif ≤ {RSS_TARGET_MB} Mo après toutes les pages : "
        f"{_n(after_tour) if after_tour else '?'} Mo → {'tenu' if ok_rss else 'NON TENU'} "
        f"({_n(after_tour - result['bare_mb']) if after_tour else '?'} Mo de plus que le "
        f"témoin). Croissance de la vue {ref_n} à la vue {last_n} : {growth:+.0f} Mo "
        f"({growth / max(last_n - ref_n, 1) * 100:+.1f} Mo pour 100 vues) → "
        f"{'plate' if abs(growth) <= 25 else 'NON plate'} (seuil retenu : ±25 Mo). "
        f"Vues : {len(times)}, médiane {med:.0f} ms, erreurs affichées : {result['errors']}. "
        f"Charge de la machine (loadavg) : {result['loadavg_start']} au début, "
        f"{result['loadavg_end']} à la fin.",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--views", type=int, default=200)
    print(markdown(run(ap.parse_args().views)))


if __name__ == "__main__":
    main()
