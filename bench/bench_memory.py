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
the server's `script_finished` message for its last script run reaches the browser.

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

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RSS_TARGET_MB = 500
COMBOS = [("mno", 2025), ("mno", 2024), ("melt", 2023), ("melt", 2022)]

# A view is over when the server has finished its script runs: Streamlit ends each run
# with a `script_finished` ForwardMsg on the websocket. (Watching the app root's
# `data-test-script-state` attribute misses fast runs: React may never render their
# "running" state.) RUN_COUNTER wraps the page's WebSocket and reads the top-level fields of
# each binary message (a protobuf ForwardMsg): `new_session` starts a run, `script_finished`
# ends it. window.__tbeRuns counts the runs that finished normally, window.__tbeLast keeps
# the time of the last end (ms, page clock), window.__tbeOpened the time the first websocket
# opened (the app's code loaded, the server reached). Done in the page, so that no frame has to be
# copied to the Python driver (20 sessions' frames slowed the load test down).
_F = ForwardMsg.DESCRIPTOR.fields_by_name
RUN_COUNTER = """
(() => {
  window.__tbeRuns = 0; window.__tbeLast = 0; window.__tbeRunning = false;
  const NEW_SESSION = @NEW_SESSION, SCRIPT_FINISHED = @SCRIPT_FINISHED, DONE = [@DONE];
  function varint(b, i) {
    let v = 0, s = 0, c;
    do { c = b[i++]; v += (c & 0x7f) * 2 ** s; s += 7; } while (c & 0x80);
    return [v, i];
  }
  function scan(buffer) {
    const b = new Uint8Array(buffer);
    let i = 0;
    while (i < b.length) {
      let key, value = null;
      [key, i] = varint(b, i);
      const field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) { [value, i] = varint(b, i); }
      else if (wire === 2) { let n; [n, i] = varint(b, i); i += n; }
      else if (wire === 1) { i += 8; } else if (wire === 5) { i += 4; } else { return; }
      if (field === NEW_SESSION) { window.__tbeRunning = true; }
      if (field === SCRIPT_FINISHED) {
        window.__tbeRunning = false;
        if (DONE.includes(value)) { window.__tbeRuns++; window.__tbeLast = performance.now(); }
      }
    }
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => {
        if (!window.__tbeOpened) window.__tbeOpened = performance.now();
      });
      this.addEventListener('message', (e) => {
        if (e.data instanceof ArrayBuffer) scan(e.data);
      });
    }
  };
})();
""".replace("@NEW_SESSION", str(_F["new_session"].number)).replace(
    "@SCRIPT_FINISHED", str(_F["script_finished"].number)).replace(
    "@DONE", f"{ForwardMsg.FINISHED_SUCCESSFULLY}, {ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}")
# Loading a page may take two runs (the navigation, then the page): a view ends QUIET_MS
# after the last run ended with no other run started.
QUIET_MS = 400
SETTLED = f"""(n) => window.__tbeRuns > n && !window.__tbeRunning
  && performance.now() - window.__tbeLast > {QUIET_MS}"""
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

    def __init__(self, data_dir: Path | None, app: Path = ROOT / "app.py",
                 options: tuple[str, ...] = ()):
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
                 "--server.fileWatcherType", "none", *options],
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
                where = f"vue {state['n'] + 1}, ouverture {terr} {year}"
                try:
                    viewed(tab.open(f"?territory={terr}&year={year}"), tab)
                    for path in paths[1:]:
                        if state["n"] >= views:
                            break
                        where = f"vue {state['n'] + 1}, page `{path}` ({terr} {year})"
                        viewed(tab.click(path), tab)
                except Exception as exc:
                    shot = CACHE / "memory_error.png"
                    tab.page.screenshot(path=str(shot), full_page=True)
                    raise RuntimeError(f"{where} : {type(exc).__name__} ; capture {shot}; "
                                       f"serveur : {server.log.read_text(errors='replace')[-2000:]}"
                                       ) from exc
            tab.close()
        finally:
            browser.close()
    return {"samples": state["samples"], "times": state["times"], "errors": state["errors"]}


def bare_app() -> Path:
    path = CACHE / "bare_app.py"
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text('import streamlit as st\n\nst.write("ok")\n', encoding="utf-8")
    return path


# The second pass: the same tour with disconnected sessions dropped after 5 s instead of
# Streamlit's 120 s. Each tour reopens the app, so each leaves a disconnected session behind,
# which Streamlit keeps for `server.disconnectedSessionTTL` in case the browser reconnects;
# this pass shows what the app's own caches do once those sessions are gone.
SHORT_TTL = 5


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
    passes = {"default": (), "short_ttl": ("--server.disconnectedSessionTTL", str(SHORT_TTL))}
    for name, options in passes.items():
        log(f"  passage {name}")
        with Server(demo_data_dir("demo_memory"), options=options) as server:
            one = {"start_mb": server.rss_mb()}
            one.update(browse(server, views, log))
            one["hwm_mb"] = server.hwm_mb()
        result[name] = one
    result["loadavg_end"] = loadavg()
    return result


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _growth(one: dict) -> tuple[int, int, float]:
    """(from view, to view, MB): growth once every territory and year has been seen."""
    samples = dict(one["samples"])
    ref_n = min((n for n in samples if n >= 50), default=len(page_paths()))
    last_n, last = one["samples"][-1]
    return ref_n, last_n, last - samples[ref_n]


def markdown(result: dict) -> str:
    pages = len(page_paths())
    default, short = result["default"], result["short_ttl"]
    s_default, s_short = dict(default["samples"]), dict(short["samples"])
    lines = [
        f"Serveur `streamlit run app.py`, données de démonstration, un onglet Chromium qui "
        f"parcourt les {pages} pages par le menu ; à chaque tour l'onglet rouvre l'app avec "
        f"un autre territoire et une autre année ({', '.join(f'{t} {y}' for t, y in COMBOS)}), "
        f"si bien que toutes les combinaisons sont vues après {pages * len(COMBOS)} vues. "
        f"Chaque réouverture laisse derrière elle une session déconnectée, que Streamlit "
        f"garde `server.disconnectedSessionTTL` secondes (120 par défaut) au cas où le "
        f"navigateur se reconnecterait ; le second passage refait le même parcours avec "
        f"{SHORT_TTL} s, pour isoler ce que gardent les caches de l'app.",
        "",
        f"| mesure | mémoire résidente (Mo), réglages par défaut | idem, sessions "
        f"déconnectées gardées {SHORT_TTL} s |",
        "| --- | ---: | ---: |",
        f"| témoin : serveur Streamlit nu (une ligne `st.write`), après une vue | "
        f"{_n(result['bare_mb'])} | |",
        f"| app démarrée, avant toute vue | {_n(default['start_mb'])} | "
        f"{_n(short['start_mb'])} |",
    ]
    for n in sorted(set(s_default) | set(s_short)):
        if n == 0:
            continue
        label = f"après {n} vues (toutes les pages)" if n == pages else f"après {n} vues"
        lines.append(f"| {label} | {_n(s_default[n]) if n in s_default else '—'} | "
                     f"{_n(s_short[n]) if n in s_short else '—'} |")
    lines.append(f"| pic (VmHWM) | {_n(default['hwm_mb'])} | {_n(short['hwm_mb'])} |")
    after_tour = s_default.get(pages)
    ok_rss = after_tour is not None and after_tour <= RSS_TARGET_MB
    verdicts = []
    for label, one in (("réglages par défaut", default), (f"sessions gardées {SHORT_TTL} s", short)):
        ref_n, last_n, growth = _growth(one)
        verdicts.append(f"{label} : {growth:+.0f} Mo de la vue {ref_n} à la vue {last_n} → "
                        f"{'plate' if abs(growth) <= 25 else 'NON plate'}")
    times = sorted(default["times"] + short["times"])
    med = times[len(times) // 2] * 1000 if times else float("nan")
    lines += [
        "",
        f"Objectif ≤ {RSS_TARGET_MB} Mo après toutes les pages : "
        f"{_n(after_tour) if after_tour else '?'} Mo → {'tenu' if ok_rss else 'NON TENU'} "
        f"({_n(after_tour - result['bare_mb']) if after_tour else '?'} Mo de plus que le "
        f"témoin). Croissance une fois tout vu (seuil retenu : ±25 Mo) : "
        f"{' ; '.join(verdicts)}. Vues : {len(times)}, médiane {med:.0f} ms (du clic à la fin "
        f"de l'exécution du script), erreurs affichées : "
        f"{default['errors'] + short['errors']}. Charge de la machine (loadavg) : "
        f"{result['loadavg_start']} au début, {result['loadavg_end']} à la fin.",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--views", type=int, default=200)
    print(markdown(run(ap.parse_args().views)))


if __name__ == "__main__":
    main()
