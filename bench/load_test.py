"""Load test: 20 sessions at once, on loopback, while an import runs.

Run: `.venv/bin/python -m bench.load_test [--sessions 20] [--views 15] [--client both]`.
Prints a Markdown table. Bounded: each session makes `views` page views, each view times
out after 120 s, and the whole test stops starting new views after 15 minutes.

Starts `streamlit run app.py` on 127.0.0.1 with a fresh demo data directory (see
`bench.bench_memory`), then:

1. **baseline**: one session alone views every page (the caches are filled by then);
2. **load**: `sessions` sessions open the app at the same moment (half on MNO 2025, half on
   MELT 2023) and go from page to page as the sidebar links take them, each from a
   different first page; a few seconds in, `python -m cli import demandeurs_emploi_mno.xlsx
   --territory mno --period 2025-12 --user demo` runs from the demo directory. The import
   adds a month of job seekers under a new catalogue version, so every cached figure is
   recomputed by the next views, and each session's next query waits for the new
   in-memory database. (`--user demo` keeps the store "demo only", so the app stays open
   without login; with the CLI's default user the next views would show the login page.)

Two kinds of sessions, each on its own server and data directory:

- **protocol** (`ProtocolTab`, the issue's target): each session is a websocket speaking
  Streamlit's own protocol, as the browser's code does: it asks for a page's script run
  (`BackMsg.rerun_script`, the page's hash, the address's query string) and reads the
  server's messages up to the end of the run (`script_finished`). Nothing is drawn, so the
  two cores serve the app only: this is the server's answer to 20 users whose browsers run
  on their own devices. Page time: from the request to the end of the page's last run.
- **browser** (`AsyncTab`): Chromium contexts in one headless browser (Debian's
  `/usr/bin/chromium`), following the sidebar links. Page time: from the click (or the
  navigation, for a session's first view) to the end of the page's last script run, as
  the browser sees it (`bench_memory.Tab`). The browsers run on the same two-core machine
  as the server, so their times include 20 browsers' rendering work on those cores.

An error is a Python exception or an error message shown on the page, a view that times
out, or a browser or connection error. Target: 0 errors.
"""

import argparse
import asyncio
import re
import sys
import time

from bench import bench_memory as bm

VIEW_TIMEOUT_MS = 120_000
DEADLINE_S = 15 * 60
# seconds from the sessions' start to the import's: the protocol's 300 views take about 12 s
# in all, the browsers' a few minutes; either way a third or more of the views come after
IMPORT_AFTER_S = {"protocol": 2.0, "browser": 8.0}
CPU_PER_VIEW_TARGET_S = 0.1  # issue 17: server CPU per view
P95_TARGET_MS = 5_000  # issue 17: p95 of the views, 20 sessions
CORES = bm.os.cpu_count() or 1
STARTS = [("mno", 2025), ("melt", 2023)]


class AsyncTab:
    """`bench_memory.Tab`, with Playwright's async API."""

    def __init__(self, context, page, base_url: str):
        self.context, self.page, self.base_url = context, page, base_url

    @classmethod
    async def create(cls, browser, base_url: str) -> "AsyncTab":
        context = await browser.new_context(viewport={"width": 1400, "height": 1000},
                                            locale="fr-FR")
        await context.add_init_script(bm.RUN_COUNTER)
        return cls(context, await context.new_page(), base_url)

    async def _settle(self, before: int) -> float:
        await self.page.wait_for_function(bm.SETTLED, arg=before, timeout=VIEW_TIMEOUT_MS,
                                          polling=50)
        return await self.page.evaluate("window.__tbeLast")

    async def open(self, path: str) -> tuple[float, float]:
        """Load the app at `path`: seconds from the navigation to the end of its last run,
        and from the websocket's opening (the app's code loaded in the browser) to that end."""
        await self.page.goto(f"{self.base_url}/{path}", timeout=VIEW_TIMEOUT_MS)
        end = await self._settle(0)
        opened = await self.page.evaluate("window.__tbeOpened || 0")
        return end / 1000, (end - opened) / 1000

    async def click(self, url_path: str) -> float:
        before = await self.page.evaluate("window.__tbeRuns || 0")
        start = await self.page.evaluate("performance.now()")
        await self.page.locator(bm.link(url_path)).first.click(timeout=VIEW_TIMEOUT_MS)
        return (await self._settle(before) - start) / 1000

    async def errors(self) -> int:
        return await self.page.locator(bm.ERRORS).count()

    async def recover(self, path: str) -> None:
        await self.page.goto(f"{self.base_url}/{path}", timeout=VIEW_TIMEOUT_MS)

    async def close(self) -> None:
        await self.context.close()


async def http_get(reader, writer, path: str) -> bytes:
    """GET `path` on an open HTTP/1.1 connection (kept alive): the body, or OSError."""
    host = writer.get_extra_info("peername")
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host[0]}:{host[1]}\r\n"
                 "Accept-Encoding: gzip\r\n\r\n".encode())
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), VIEW_TIMEOUT_MS / 1000)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        body = b"".join(parts)
    else:
        raise OSError(f"GET {path}: réponse sans longueur")
    if status != 200:
        raise OSError(f"GET {path}: {status}")
    return body


class ProtocolTab:
    """One session as the server sees it: a websocket on `/_stcore/stream` that asks for
    script runs the way the browser's code does (`BackMsg.rerun_script` with the page's
    hash and the address's query string) and reads every message up to the end of the
    run. No page is drawn."""

    def __init__(self, ws, base_url: str):
        self.ws, self.base_url = ws, base_url
        self.pages: dict[str, str] = {}  # url path -> page script hash (from `navigation`)
        self.query = ""
        self.shown_errors = 0

    @classmethod
    async def create(cls, base_url: str) -> "ProtocolTab":
        return cls(None, base_url)

    async def _connect(self) -> None:
        """What a browser with an empty cache asks the server for when it opens the app:
        the page, then the scripts, styles and fonts it names over `BROWSER_CONNECTIONS`
        kept-alive connections at once, as a browser does, then the websocket. (`http_get`
        reads them: a Python HTTP client would spend more CPU than the server does on the
        same two cores.)"""
        import websockets

        host, port = self.base_url.split("//", 1)[1].split(":")

        async def fetch(paths: list[str]) -> list[bytes]:
            reader, writer = await asyncio.open_connection(host, int(port))
            try:
                return [await http_get(reader, writer, p) for p in paths]
            finally:
                writer.close()

        (page,) = await fetch(["/"])
        assets = ["/" + a for a in sorted(set(ASSET.findall(page.decode("utf-8", "replace"))))]
        await asyncio.gather(*(fetch(assets[i::BROWSER_CONNECTIONS])
                               for i in range(BROWSER_CONNECTIONS)))
        self.ws = await websockets.connect(
            self.base_url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"], origin=self.base_url, max_size=None,
            open_timeout=VIEW_TIMEOUT_MS / 1000)

    async def _run(self, path: str) -> float:
        """Seconds from asking for `path`'s run to the end of its last run (a page that
        asks for a rerun ends with the rerun)."""
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = path
        msg.rerun_script.page_script_hash = self.pages.get(path, "")
        self.shown_errors = 0
        start = time.monotonic()
        await self.ws.send(msg.SerializeToString())
        deadline = start + VIEW_TIMEOUT_MS / 1000
        while True:
            data = await asyncio.wait_for(self.ws.recv(), deadline - time.monotonic())
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash
                              for p in fwd.navigation.app_pages}
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                shown = element.WhichOneof("type")
                if shown == "exception" or (shown == "alert"
                                            and element.alert.format == Alert.ERROR):
                    self.shown_errors += 1
            elif kind == "page_not_found":
                self.shown_errors += 1
            elif kind == "script_finished" and fwd.script_finished in (
                    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                return time.monotonic() - start

    async def open(self, path: str) -> tuple[float, float]:
        """The app at `path` (`page?query`), as a browser with an empty cache opens it:
        seconds from asking for the page to the end of its last run, and from the
        websocket's opening to that end."""
        path, _, self.query = path.partition("?")
        start = time.monotonic()
        await self._connect()
        served = await self._run(path)
        return time.monotonic() - start, served

    async def click(self, url_path: str) -> float:
        return await self._run(url_path)

    async def errors(self) -> int:
        return self.shown_errors

    async def recover(self, path: str) -> None:
        """After a failed view: a new connection (a browser would reload the page)."""
        try:
            await self.ws.close()
        except Exception:
            pass
        await self.open(path)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def session(new_tab, index: int, views: int, paths: list[str], clock: dict,
                  out: list) -> None:
    """One user: opens the app, then goes from page to page as the sidebar links do.
    `new_tab()` makes the session (`AsyncTab` or `ProtocolTab`)."""
    terr, year = STARTS[index % len(STARTS)]
    order = paths[index % len(paths):] + paths[:index % len(paths)]
    tab = None
    try:
        tab = await new_tab()
        for n in range(views):
            if time.monotonic() > clock["deadline"]:
                break
            path = order[n % len(order)]
            began = time.monotonic() - clock["t0"]
            record = {"session": index, "page": path, "began": began, "error": None}
            try:
                if n == 0:
                    record["s"], record["served_s"] = await tab.open(
                        f"{path}?territory={terr}&year={year}")
                else:
                    record["s"] = await tab.click(path)
                shown = await tab.errors()
                if shown:
                    record["error"] = f"{shown} erreur(s) affichée(s)"
            except Exception as exc:  # a timeout or a browser error: counted, then go on
                record["error"] = type(exc).__name__
                record["detail"] = " ".join(str(exc).split())[:300]
                try:  # what the user saw, for the record (bench/.cache is not committed)
                    if not hasattr(tab, "page"):
                        raise LookupError("no page drawn")
                    shot = bm.CACHE / "load_test_errors" / f"session{index:02d}-view{n:02d}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    await tab.page.screenshot(path=str(shot), full_page=True)
                    record["screenshot"] = str(shot.relative_to(bm.ROOT))
                    record["html"] = (await tab.page.evaluate(
                        "[...document.querySelectorAll('[inert], [role=dialog]')]"
                        ".map(e => e.outerHTML.slice(0, 300)).join(' | ')"))[:600]
                except Exception:
                    pass
                record["s"] = time.monotonic() - clock["t0"] - began
                try:
                    await tab.recover(f"{path}?territory={terr}&year={year}")
                except Exception:
                    pass
            record["ended"] = time.monotonic() - clock["t0"]
            out.append(record)
    finally:
        if tab is not None:
            await tab.close()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / bm.os.sysconf("SC_CLK_TCK")


def cpu_seconds_all() -> float:
    """CPU time the whole machine has used so far (all cores, idle and iowait excluded)."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / bm.os.sysconf("SC_CLK_TCK")


async def run_import(data_dir, clock: dict, result: dict) -> None:
    await asyncio.sleep(IMPORT_AFTER_S[result.get("client", "browser")])
    path = data_dir / "demo" / "mno" / "demandeurs_emploi_mno.xlsx"
    env = {**bm.os.environ, "TBE_DATA_DIR": str(data_dir)}
    result["import_start"] = time.monotonic() - clock["t0"]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "import", str(path), "--territory", "mno", "--period",
        "2025-12", "--user", "demo", cwd=bm.ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await proc.communicate()
    result["import_end"] = time.monotonic() - clock["t0"]
    result["import_rc"] = proc.returncode
    result["import_output"] = output.decode(errors="replace").strip().splitlines()[-3:]


async def _load(url: str, data_dir, sessions: int, views: int, server, log,
                client: str = "protocol") -> dict:
    result: dict = {"client": client}
    if client == "protocol":
        await _phases(lambda: ProtocolTab.create(url), data_dir, sessions, views, server, log,
                      result)
        return result
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=bm.CHROMIUM, args=bm.CHROMIUM_ARGS)
        try:
            await _phases(lambda: AsyncTab.create(browser, url), data_dir, sessions, views,
                          server, log, result)
        finally:
            await browser.close()
    return result


async def _phases(new_tab, data_dir, sessions: int, views: int, server, log,
                  result: dict) -> None:
    paths = bm.page_paths()
    # 1. baseline: one session alone, every page once (fills the caches).
    base: list = []
    clock = {"t0": time.monotonic(), "deadline": time.monotonic() + DEADLINE_S}
    await session(new_tab, 0, len(paths), paths, clock, base)
    log(f"  témoin (1 session, {result['client']}) : {len(base)} vues")
    # 2. load: `sessions` users at once, an import a few seconds in.
    views_out: list = []
    clock = {"t0": time.monotonic(), "deadline": time.monotonic() + DEADLINE_S}
    rss = []
    cpu = result["cpu_timeline"] = []  # (s since start, server CPU s, machine CPU s)

    async def sample_rss():
        while True:
            rss.append(server.rss_mb())
            cpu.append((time.monotonic() - clock["t0"], cpu_seconds(server.proc.pid),
                        cpu_seconds_all()))
            await asyncio.sleep(1)

    sampler = asyncio.create_task(sample_rss())
    cpu_before = cpu_seconds(server.proc.pid), cpu_seconds_all()
    await asyncio.gather(
        run_import(data_dir, clock, result),
        *(session(new_tab, i, views, paths, clock, views_out) for i in range(sessions)))
    sampler.cancel()
    result["wall_s"] = time.monotonic() - clock["t0"]
    result["server_cpu_s"] = cpu_seconds(server.proc.pid) - cpu_before[0]
    result["all_cpu_s"] = cpu_seconds_all() - cpu_before[1]
    result["rss_max_mb"] = max(rss) if rss else float("nan")
    result["baseline"] = base
    result["views"] = views_out


CLIENTS = ("protocol", "browser")
# the app's page names its scripts, styles and fonts as ./static/… (src= or href=)
BROWSER_CONNECTIONS = 6  # HTTP/1.1 connections a browser opens to one server at once
ASSET = re.compile(r'(?:src|href)="\./(static/[^"]+)"')


def run_one(client: str, sessions: int = 20, views: int = 15, log=print) -> dict:
    """One load test with `client` sessions, on its own server and fresh demo data."""
    data_dir = bm.demo_data_dir("demo_load")
    start_load = bm.loadavg()
    with bm.Server(data_dir) as server:
        result = asyncio.run(_load(server.url, data_dir, sessions, views, server, log, client))
        result["server_alive"] = server.proc.poll() is None
        # The server's own log, for the record of errors (bench/.cache is not committed).
        kept = bm.CACHE / f"load_test_server_{client}.log"
        kept.write_bytes(server.log.read_bytes())
        result["server_log"] = str(kept.relative_to(bm.ROOT))
    result.update({"sessions": sessions, "views_per_session": views,
                   "loadavg_start": start_load, "loadavg_end": bm.loadavg()})
    return result


def run(sessions: int = 20, views: int = 15, log=print, clients=CLIENTS) -> dict:
    """The load test with each kind of client in turn (`CLIENTS`): {"runs": [result, …]}."""
    return {"runs": [run_one(c, sessions, views, log) for c in clients]}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _ms(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _row(label: str, views: list[dict]) -> str:
    ok = [v["s"] * 1000 for v in views if not v["error"]]
    errors = sum(1 for v in views if v["error"])
    if not ok:
        return f"| {label} | {len(views)} | — | — | — | {errors} |"
    return (f"| {label} | {len(views)} | {_ms(_pct(ok, 0.5))} | {_ms(_pct(ok, 0.95))} | "
            f"{_ms(max(ok))} | {errors} |")


def _dec(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def _first_views_cpu(result: dict, firsts: list[dict]) -> str:
    """Who used the machine while the sessions opened the app: the server's share."""
    timeline = result.get("cpu_timeline") or []
    if not firsts or len(timeline) < 2:
        return ""
    until = max(v["ended"] for v in firsts)
    upto = [t for t in timeline if t[0] <= until] or timeline[:1]
    server = upto[-1][1] - timeline[0][1]
    machine = upto[-1][2] - timeline[0][2]
    return (f" Pendant l'ouverture de l'app par les {len(firsts)} sessions (jusqu'à "
            f"{upto[-1][0]:.0f} s) : serveur {server:.0f} s de CPU, machine entière "
            f"{machine:.0f} s sur {upto[-1][0] * CORES:.0f} s disponibles : les navigateurs "
            "chargent chacun le code de l'app (plusieurs Mo de JavaScript) sur les mêmes "
            f"{CORES} cœurs ; la ligne « depuis la connexion au serveur » ôte ce chargement.")


def _markdown_one(result: dict) -> str:
    views = result["views"]
    start, end = result.get("import_start", 0), result.get("import_end", 0)
    during = [v for v in views if v["began"] < end and v["ended"] > start]
    before = [v for v in views if v["ended"] <= start]
    after = [v for v in views if v["began"] >= end]
    errors = [v for v in views + result["baseline"] if v["error"]]
    first_of: dict[int, dict] = {}
    for v in views:  # each session's first view: it opens the app
        if v["session"] not in first_of or v["began"] < first_of[v["session"]]["began"]:
            first_of[v["session"]] = v
    firsts = list(first_of.values())
    per_view = result["server_cpu_s"] / len(views) if views else float("nan")
    ok = [v["s"] * 1000 for v in views if not v["error"]]
    p95 = _pct(ok, 0.95)
    p95_after = _pct([v["s"] * 1000 for v in after if not v["error"]], 0.95)
    kinds: dict[str, int] = {}
    for v in errors:
        kinds[v["error"]] = kinds.get(v["error"], 0) + 1
    browser = result.get("client", "browser") == "browser"
    who = ("contextes Chromium dans un navigateur" if browser
           else "connexions websocket du protocole de Streamlit")
    rest = ("navigateurs, à l'import et à Playwright" if browser
            else "clients (Python, lecture des messages) et à l'import")
    lines = [
        f"Serveur `streamlit run app.py` sur 127.0.0.1, données de démonstration ; "
        f"{result['sessions']} {who}, "
        f"{result['views_per_session']} vues chacun (page suivante par le menu) ; import "
        f"`demandeurs_emploi_mno.xlsx --territory mno --period 2025-12` lancé à "
        f"{start:.0f} s, terminé à {end:.0f} s (code retour {result.get('import_rc')}).",
        "",
        "| vues | nombre | p50 (ms) | p95 (ms) | max (ms) | erreurs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        _row("témoin : 1 session seule, chaque page une fois", result["baseline"]),
        _row(f"{result['sessions']} sessions, toutes les vues", views),
        _row("… terminées avant l'import", before),
        _row("… pendant l'import", during),
        _row("… commencées après l'import", after),
        _row("… premières vues (ouverture de l'app) : depuis la navigation", firsts),
        _row("… les mêmes, depuis la connexion au serveur (code de l'app chargé)",
             [{**v, "s": v["served_s"]} for v in firsts if "served_s" in v]),
        "",
        f"Objectif : 0 erreur → {'tenu' if not errors else 'NON TENU'} "
        f"({len(errors)} erreur(s){' : ' + ', '.join(f'{k} × {n}' for k, n in kinds.items()) if kinds else ''}). "
        f"Durée totale {result['wall_s']:.0f} s ; mémoire résidente maximale du serveur "
        f"{result['rss_max_mb']:.0f} Mo ; serveur {'toujours en marche' if result['server_alive'] else 'ARRÊTÉ'} "
        f"à la fin. Temps CPU pendant la charge : serveur Streamlit {result['server_cpu_s']:.0f} s, "
        f"machine entière {result['all_cpu_s']:.0f} s sur {result['wall_s'] * CORES:.0f} s "
        f"disponibles ({CORES} cœurs × {result['wall_s']:.0f} s) : le reste va surtout aux "
        f"{result['sessions']} {rest}"
        f". Charge de la machine (loadavg) : {result['loadavg_start']} au début, "
        f"{result['loadavg_end']} à la fin.",
        "",
        f"Objectif CPU du serveur ≤ {_dec(CPU_PER_VIEW_TARGET_S)} s par vue : "
        f"{_dec(per_view)} s ({result['server_cpu_s']:.0f} s pour {len(views)} vues) → "
        f"{'tenu' if per_view <= CPU_PER_VIEW_TARGET_S else 'NON TENU'}. Objectif p95 ≤ "
        f"{P95_TARGET_MS / 1000:.0f} s : {_ms(p95)} ms sur toutes les vues → "
        f"{'tenu' if p95 <= P95_TARGET_MS else 'NON TENU'} ; "
        + (f"{_ms(p95_after)} ms sur les vues commencées après l'import → "
           f"{'tenu' if p95_after <= P95_TARGET_MS else 'NON TENU'}."
           if p95_after == p95_after else "aucune vue commencée après l'import.")
        + (_first_views_cpu(result, firsts) if browser else ""),
    ]
    for v in errors[:5]:
        lines += ["", f"- session {v['session']}, page `{v['page']}` à {v['began']:.0f} s : "
                  f"{v['error']} {v.get('detail', '')}".rstrip()]
    if result.get("import_rc"):
        lines.append("")
        lines.append("Sortie de l'import : " + " / ".join(result.get("import_output", [])))
    return "\n".join(lines)


TITLES = {
    "protocol": ("### Sessions du protocole de Streamlit (objectifs de l'issue 17)",
                 "chaque session est une connexion websocket qui demande les pages comme le "
                 "code du navigateur (le script de la page, sa requête) et lit les messages "
                 "du serveur jusqu'à la fin de l'exécution ; rien n'est dessiné : les deux "
                 "cœurs servent l'app seule, comme pour des élus dont le navigateur tourne "
                 "sur leur propre appareil."),
    "browser": ("### Navigateurs sur la même machine (pour mémoire)",
                "Chromium sans écran, sur les deux mêmes cœurs que le serveur : les temps "
                "comprennent le travail de 20 navigateurs (chargement du code de l'app, "
                "dessin des pages)."),
}


def markdown(result: dict) -> str:
    if "runs" not in result:  # one run (an older result, or `run_one`)
        return _markdown_one(result)
    parts = []
    for one in result["runs"]:
        title, what = TITLES[one.get("client", "browser")]
        parts += [title, "", what[0].upper() + what[1:], "", _markdown_one(one), ""]
    return "\n".join(parts).rstrip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--views", type=int, default=15)
    ap.add_argument("--client", choices=[*CLIENTS, "both"], default="both")
    a = ap.parse_args()
    clients = CLIENTS if a.client == "both" else (a.client,)
    print(markdown(run(a.sessions, a.views, clients=clients)))


if __name__ == "__main__":
    main()
