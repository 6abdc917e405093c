"""Role matrix: every page as each role (and as nobody), on a store holding real data,
then every download each role is offered, read back as the browser would receive it."""

import io
import re
import shutil

import openpyxl
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

import settings
from data import catalog, reference, users
from data.catalog import demo_only
from data.store import Store
from exports import content
from queries import registry, secret
from queries.context import territory_communes
from tests.data.test_store import commit, events
from tests.exports.test_fiche import table as fiche_table
from tests.views.downloads import record
from ui.nav import PAGES, pages_for
from wording import texts
from wording.format import SECRET

PASSWORD = "mot de passe correct"
ROLES = ["gestionnaire", "elu", "lecteur"]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("reel")
    commit(Store(d), events(3))  # one import that is not demo data: login becomes mandatory
    for role in ROLES:
        users.add(f"compte_{role}", role, PASSWORD, data_dir=d)
    return d


def app(real_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("TBE_DATA_DIR", str(real_store))
    return AppTest.from_file("../../app.py", default_timeout=60).run()


def login(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_nobody_sees_only_the_login_page(real_store, monkeypatch):
    at = app(real_store, monkeypatch)
    assert not at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert not at.get("download_button")
    for page in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page.path)


def test_wrong_password_is_refused(real_store, monkeypatch):
    at = login(app(real_store, monkeypatch), "compte_elu", "pas le bon mot de passe")
    assert not at.exception
    assert any("incorrect" in e.value for e in at.error)
    assert [t.value for t in at.title] == ["Connexion"]


# The README's table « Pages and roles », written out: a lecteur sees the public pages only.
PUBLIC = ["chiffres_cles", "carte", "assemblee_generale"]
DASHBOARDS = ["demandeurs_emploi", "plie", "mission_locale", "maison_emploi", "qpv",
              "ma_commune", "fiche_commune"]
MANAGEMENT = ["importer", "historique", "territoires"]
README_TABLE = {"lecteur": PUBLIC, "elu": PUBLIC + DASHBOARDS,
                "gestionnaire": PUBLIC + DASHBOARDS + MANAGEMENT}


@pytest.mark.parametrize("role", ROLES)
def test_pages_of_each_role_are_the_readme_table(role):
    assert sorted(p.url_path for p in pages_for(role)) == sorted(README_TABLE[role])
    assert pages_for(None) == [] and pages_for("admin") == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_pages(role, real_store, monkeypatch):
    at = login(app(real_store, monkeypatch), f"compte_{role}")
    assert not at.exception
    assert "Connexion" not in [t.value for t in at.title]
    allowed = [p for p in PAGES if role in p.roles]
    assert allowed  # every role has at least one page
    for page in PAGES:  # forbidden pages are not registered for this session at all
        if role not in page.roles:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page.path)
    for page in allowed:
        at.switch_page(page.path).run()
        assert not at.exception, (role, page.path)


def test_demo_store_opens_without_login(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    at = AppTest.from_file("../../app.py", default_timeout=60).run()
    assert not at.exception
    assert "Connexion" not in [t.value for t in at.title]
    assert any("démonstration" in w.value for w in at.warning)


# -- downloads, role by role --------------------------------------------------------------
LOMPRET = "59356"  # MNO; 2 PLIE participants in 2025 (the report's T2): masked for officials
RESTRICTED = "elu_lompret"  # an élu whose account lists Lompret only
ACCOUNTS = {"gestionnaire": "compte_gestionnaire", "elu": "compte_elu",
            "lecteur": "compte_lecteur", RESTRICTED: RESTRICTED}
ROLE_OF = {"gestionnaire": "gestionnaire", "elu": "elu", "lecteur": "lecteur", RESTRICTED: "elu"}
PARAMS = {"territory": "mno", "year": "2025"}
PAGE_PARAMS = {"views/fiche_commune.py": {"commune": LOMPRET}}  # a commune with small counts
KEY_FIGURES, FICHE, AG = "chiffres_cles", "fiche_commune", "assemblee_generale"
OFFICIALS_OFFER = {(KEY_FIGURES, texts.KEY_FIGURES_DOWNLOAD_XLSX),
                   (FICHE, texts.FICHE_DOWNLOAD_HTML), (FICHE, texts.FICHE_DOWNLOAD_XLSX),
                   (AG, texts.AG_DOWNLOAD), (AG, texts.AG_DOWNLOAD_XLSX)}
OFFER = {"gestionnaire": OFFICIALS_OFFER, "elu": OFFICIALS_OFFER, RESTRICTED: OFFICIALS_OFFER,
         "lecteur": {o for o in OFFICIALS_OFFER if o[0] != FICHE}}  # no fiche for a lecteur
# Headers of the per-commune sheets' count columns (the others are rates).
COUNT_HEADERS = {h for k, h in {**texts.EXPORT_PLIE_COLUMNS,
                                **texts.EXPORT_JOB_SEEKERS_COLUMNS}.items()
                 if not k.endswith("_rate")}


@pytest.fixture(scope="module")
def real_demo(demo_data_dir, tmp_path_factory):
    """A copy of the demo store turned into real data (its imports are no longer the demo
    user's, so login is mandatory), one account per role and an élu limited to Lompret."""
    d = tmp_path_factory.mktemp("reel_demo") / "store"
    shutil.copytree(demo_data_dir, d)
    path = d / "catalog.json"
    with catalog.locked(d / "catalog.lock"):
        cat = catalog.read_catalog(path)
        for record_ in cat.imports:
            record_.user = "gestionnaire.reel"
        cat.version += 1
        catalog.write_atomically(path, cat.to_json().encode("utf-8"))
    assert not demo_only(Store(d).catalog().imports)
    assert LOMPRET in territory_communes("mno")
    for role in ROLES:
        users.add(f"compte_{role}", role, PASSWORD, data_dir=d)
    users.add(RESTRICTED, "elu", PASSWORD, communes=[LOMPRET], data_dir=d)
    return d


def open_page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path)
    for key, value in {**PARAMS, **PAGE_PARAMS.get(path, {})}.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def offered(real_demo):
    """account → {(page, button label): file bytes}, every page the account may open,
    collected once per account. Also keeps the options of the fiche's commune selector."""
    cache = {}

    def collect(account: str) -> dict:
        if account in cache:
            return cache[account]
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TBE_DATA_DIR", str(real_demo))
            files = record(mp)
            # the first page after login names its territory as the others do (without
            # it, the app opens on the latest import's territory, MELT's here)
            at = AppTest.from_file("../../app.py", default_timeout=60)
            for key, value in PARAMS.items():
                at.query_params[key] = value
            at = login(at.run(), ACCOUNTS[account])
            assert "Connexion" not in [t.value for t in at.title], account
            out = {}
            for page in PAGES:
                if ROLE_OF[account] not in page.roles:
                    continue
                at = open_page(at, page.path)
                assert not at.exception, (account, page.path, [e.value for e in at.exception])
                assert not at.error, (account, page.path, [e.value for e in at.error])
                if page.url_path == FICHE:
                    out["fiche_communes"] = list(at.selectbox(key="commune").options)
                for label, data in files.files(at).items():
                    out[(page.url_path, label)] = data
        cache[account] = out
        return out

    return collect


def files_of(offer: dict) -> dict:
    return {k: v for k, v in offer.items() if isinstance(k, tuple)}


# Readers: every text of a file, its masked cells, and its person counts.
def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def workbook_text(wb) -> str:
    return "\n".join(c for ws in wb for row in ws.iter_rows(values_only=True)
                     for c in row if isinstance(c, str))


def workbook_counts(wb) -> list:
    """Every person count of the workbook: « Données » rows in persons, and the count
    columns of the per-commune sheets. Masked cells are "s"."""
    rows = list(wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True))
    header = rows[0]
    counts = [r[header.index("value")] for r in rows[1:] if r[header.index("unit")] == "personnes"]
    for sheet in (texts.EXPORT_TABLE_PLIE, texts.EXPORT_TABLE_JOB_SEEKERS):
        ws = wb[sheet]
        cells = list(ws.iter_rows(min_row=4, values_only=True))
        for col, name in enumerate(cells[0]):
            if name in COUNT_HEADERS:
                counts += [r[col] for r in cells[1:] if r[1] or r[0] == texts.EXPORT_TOTAL]
    return counts


def deck_text(data: bytes) -> tuple[str, list]:
    """The deck's texts (chart categories included) and its charts' values, all persons."""
    prs = Presentation(io.BytesIO(data))
    parts, values = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts += [str(c) for c in plot.categories]
                values += [v for s in plot.series for v in s.values]
    return "\n".join(parts).replace("\u00a0", " "), values  # slides use no-break spaces


def fiche_counts(page: str) -> list:
    """The commune's and the territory's value of every person count of the fiche."""
    units = {}
    for ind in registry.indicators().values():
        label = content.french_spaces(ind.texts("mno")[0])
        units[label] = units[f"dont {label}"] = ind.unit
    counts = []
    rows = fiche_table(page)
    assert rows.pop(texts.FICHE_COL_INDICATOR)  # the header
    for label, (commune, territory, _) in rows.items():
        assert label in units, label
        if units[label] == "personnes":
            counts += [commune.split(" (")[0], territory.split(" (")[0]]
    return [SECRET if c == SECRET else int(re.sub(r"\s", "", c)) for c in counts]


def small(counts: list) -> list:
    return [c for c in counts if c != SECRET and secret.is_small(c, settings.SECRET_THRESHOLD)]


def other_mno_communes(text: str) -> list[str]:
    return [f"{code} {reference.commune_name(code)}" for code in territory_communes("mno")
            if code != LOMPRET and (re.search(rf"\b{code}\b", text)
                                    or reference.commune_name(code) in text)]


def test_nobody_logged_in_has_nothing_to_download(real_demo, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(real_demo))
    files = record(monkeypatch)
    at = AppTest.from_file("../../app.py", default_timeout=60)
    for key, value in {**PARAMS, "commune": LOMPRET}.items():
        at.query_params[key] = value
    at.run()
    assert [t.value for t in at.title] == ["Connexion"]
    assert files.files(at) == {}
    for page in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page.path)


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_each_role_is_offered_exactly_its_downloads(account, offered):
    assert set(files_of(offered(account))) == OFFER[account]


def test_managers_workbooks_are_confidential_and_unmasked(offered):
    files = offered("gestionnaire")
    for key in ((KEY_FIGURES, texts.KEY_FIGURES_DOWNLOAD_XLSX), (FICHE, texts.FICHE_DOWNLOAD_XLSX)):
        wb = workbook(files[key])
        assert texts.EXPORT_CONFIDENTIAL in workbook_text(wb), key
        counts = workbook_counts(wb)
        assert SECRET not in counts, key
        assert small(counts), key  # Lompret's 2 PLIE participants, among others
    page = files[(FICHE, texts.FICHE_DOWNLOAD_HTML)].decode()
    assert "banner confidential" in page
    assert small(fiche_counts(page))


def official_files(account: str, files: dict) -> dict:
    """The files an account gets with the secret applied: all of an élu's or a lecteur's,
    and a manager's Assemblée générale files (a public meeting: always as an élu)."""
    if ROLE_OF[account] == "gestionnaire":
        return {k: v for k, v in files.items() if k[0] == AG}
    return files


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_officials_files_apply_the_secret(account, offered):
    files = official_files(account, files_of(offered(account)))
    assert files
    applied = texts.EXPORT_SECRET_APPLIED.format(role=texts.EXPORT_ROLES["elu"])
    for (page, label), data in files.items():
        key = (account, page, label)
        if data[:2] == b"PK" and label == texts.AG_DOWNLOAD:
            text, values = deck_text(data)
            assert applied in text and texts.EXPORT_CONFIDENTIAL not in text, key
            assert values and not small(values), key
        elif data[:2] == b"PK":
            wb = workbook(data)
            text = workbook_text(wb)
            assert texts.EXPORT_CONFIDENTIAL not in text, key
            counts = workbook_counts(wb)
            assert SECRET in counts, key
            assert not small(counts), key
        else:
            page_html = data.decode()
            assert "banner confidential" not in page_html, key
            counts = fiche_counts(page_html)
            assert SECRET in counts, key
            assert not small(counts), key


def test_restricted_elu_files_name_no_other_commune(offered):
    offer = offered(RESTRICTED)
    assert offer["fiche_communes"] == ["Lompret"]  # the selector shows names
    for (page, label), data in files_of(offer).items():
        if label == texts.AG_DOWNLOAD:
            text = deck_text(data)[0]
        elif data[:2] == b"PK":
            text = workbook_text(workbook(data))
            assert "Lompret" in text, (page, label)
        else:
            text = data.decode()
            assert "Lompret" in text, (page, label)
        assert other_mno_communes(text) == [], (page, label)


def test_unrestricted_elu_files_name_every_commune(offered):
    """The counterpart of the restricted élu's test: the check above can fail."""
    files = files_of(offered("elu"))
    wb = workbook(files[(KEY_FIGURES, texts.KEY_FIGURES_DOWNLOAD_XLSX)])
    assert len(other_mno_communes(workbook_text(wb))) == len(territory_communes("mno")) - 1
    assert other_mno_communes(deck_text(files[(AG, texts.AG_DOWNLOAD)])[0])


@pytest.mark.parametrize("account", ["elu", RESTRICTED])
def test_every_download_is_in_the_audit_log(account, offered, real_demo):
    from data import audit

    files = files_of(offered(account))
    logged = [e for e in audit.entries(real_demo)
              if e["action"] == "export" and e["user"] == ACCOUNTS[account]]
    assert len(logged) >= len(files)  # each file read back once by the fixture
    assert {e["what"] for e in logged} == {"classeur", "fiche", "presentation"}
    assert all(e["territory"] == "mno" and e["year"] == 2025 for e in logged)
    fiche = [e for e in logged if e["what"] == "fiche"]
    assert fiche and all(e["commune"] == LOMPRET and e["role"] == "elu" for e in fiche)


def test_demo_data_beside_real_imports_is_said_on_every_page(tmp_path, monkeypatch):
    # a real import, and the demo's job seekers still counting: every viewer is told which
    # figures are fictitious; a manager where to withdraw them
    from tests.exports.test_demo_mixed import mixed

    store = mixed(Store(tmp_path / "store"))
    users.add("compte_gestionnaire", "gestionnaire", PASSWORD, data_dir=store.data_dir)
    users.add("compte_elu", "elu", PASSWORD, data_dir=store.data_dir)
    for account, action in (("compte_gestionnaire", texts.DEMO_MIXED_ACTION_MANAGER),
                            ("compte_elu", texts.DEMO_MIXED_ACTION_OTHER)):
        at = login(app(store.data_dir, monkeypatch), account)
        warnings = [w.value for w in at.warning]
        assert any("demandeurs d'emploi" in w and action in w for w in warnings), warnings
    store.withdraw_demo()
    at = login(app(store.data_dir, monkeypatch), "compte_elu")
    assert not [w for w in at.warning if "démonstration" in w.value]
