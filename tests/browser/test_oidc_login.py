"""`st.login` with `[auth]` configured: the app started with a secrets.toml (the documented
`.streamlit/secrets.toml.example`, filled in) pointing at a fake OpenID Connect provider on
loopback (`fake_oidc.py`), the browser follows the login
to the provider's authorize URL, back through Streamlit's callback, to the page it had
asked for, logged in with the role of the account named by the e-mail.
"""

import re
import secrets
import tomllib
from urllib.parse import parse_qs, urlsplit

import pytest

from data import audit, sessions, users
from data.store import Store
from tests.browser.conftest import ROOT, body, free_port, no_error, session_cookie, settle, streamlit_server
from tests.browser.fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProvider
from tests.data.test_store import commit, events

pytestmark = pytest.mark.browser

EMAIL = "claire@asso.fr"
EXAMPLE = ROOT / ".streamlit" / "secrets.toml.example"
DEEP_LINK = "/ma_commune?territory=mno&year=2024&commune=59356"


@pytest.fixture(scope="module")
def provider():
    with FakeProvider(EMAIL) as p:
        yield p


@pytest.fixture(scope="module")
def oidc_server(chromium, provider, tmp_path_factory):
    d = tmp_path_factory.mktemp("oidc")
    store = Store(d / "store")
    commit(store, events(3, year=2024), period="2024")
    commit(store, events(3))
    users.add(EMAIL, "elu", "mot de passe inutile", data_dir=d / "store")  # the role of that e-mail
    port = free_port()
    # The documented example, with this test's values: the example itself is what runs.
    values = {"redirect_uri": f"http://127.0.0.1:{port}/oauth2callback",
              "cookie_secret": secrets.token_hex(32), "client_id": CLIENT_ID,
              "client_secret": CLIENT_SECRET,
              "server_metadata_url": f"{provider.url}/.well-known/openid-configuration"}
    text = EXAMPLE.read_text()
    for key, value in values.items():
        text, n = re.subn(rf'^{key} = ".*"$', f'{key} = "{value}"', text, flags=re.M)
        assert n == 1, key
    assert tomllib.loads(text)["auth"] == {**values, "client_kwargs": {
        "scope": "openid email profile", "prompt": "select_account"}}
    (d / "secrets.toml").write_text(text)
    with streamlit_server("serve.py", d / "store", d / "server.log", port=port,
                          args=["--secrets.files", str(d / "secrets.toml")],
                          env={"NO_PROXY": "127.0.0.1,localhost"}) as url:
        yield url, d / "store"


def test_login_goes_to_the_provider_and_back_to_the_page_asked_for(oidc_server, provider, context,
                                                                    tmp_path):
    url, store_dir = oidc_server
    page = context.new_page()
    page.goto(url + DEEP_LINK)
    settle(page, "Connexion")
    no_error(page)
    page.screenshot(path=str(tmp_path / "1_connexion_oidc.png"))
    assert page.get_by_label("Mot de passe").count() == 0  # no local form when [auth] is set

    with page.expect_request(lambda r: r.url.startswith(f"{provider.url}/authorize")) as asked:
        page.get_by_role("button", name="Se connecter avec le compte de l'association").click()
    authorize = {k: v[0] for k, v in parse_qs(urlsplit(asked.value.url).query).items()}
    assert authorize["client_id"] == CLIENT_ID
    assert authorize["redirect_uri"] == f"{url}/oauth2callback"
    assert authorize["response_type"] == "code"
    assert set(authorize["scope"].split()) >= {"openid", "email"}
    assert authorize["code_challenge_method"] == "S256" and authorize["code_challenge"]
    assert authorize["state"] and authorize["nonce"]

    # The fake provider answers at once; Streamlit exchanges the code, the app opens a session.
    page.get_by_text("Ma commune : Lompret").first.wait_for(timeout=60_000)
    settle(page, "année 2024")
    page.screenshot(path=str(tmp_path / "2_connecte.png"))
    no_error(page)
    assert f"Connecté : {EMAIL} (élu)" in body(page)
    assert urlsplit(page.url).path == "/ma_commune"
    assert ("POST", "/token") in [(m, p) for m, p, _ in provider.requests]
    token = session_cookie(context)["value"]
    assert sessions.lookup(token, store_dir).user == EMAIL
    assert "connexion_oidc" in [e["action"] for e in audit.entries(store_dir)]

    page.reload()
    settle(page, "Connecté")
    assert "Se connecter avec" not in body(page)

    page.get_by_role("button", name="Se déconnecter").click()
    settle(page, "Se connecter avec le compte de l'association")
    page.screenshot(path=str(tmp_path / "3_deconnecte.png"))
    names = {c["name"]: c["value"] for c in context.cookies()}
    assert names.get(sessions.COOKIE) != token
    assert not any(n.startswith("_streamlit_user") for n in names)  # Streamlit's cookie too
    assert sessions.lookup(token, store_dir).status == "none"
    assert audit.entries(store_dir)[-1]["action"] == "deconnexion"
