"""Role matrix: every page as each role (and as nobody), on a store holding real data."""

import pytest
from streamlit.testing.v1 import AppTest

from data import users
from data.store import Store
from tests.data.test_store import commit, events
from ui.nav import PAGES

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
