"""An unexpected error in the running app (`serve.py`, `.streamlit/config.toml`): the user
reads a French message and nothing of the error; the server log has the traceback."""

import pytest

from data.store import Store
from tests.browser.conftest import body, settle, streamlit_server
from tests.data.test_store import commit, events
from wording import texts

pytestmark = pytest.mark.browser


def test_a_broken_accounts_file_gives_a_french_message_and_a_logged_traceback(chromium, context,
                                                                              tmp_path):
    store = tmp_path / "store"
    commit(Store(store), events(3))  # real data: the login page reads the accounts
    (store / "users.json").write_text('[{"name": "marie", "role": ')  # truncated by a full disk
    log = tmp_path / "server.log"
    with streamlit_server("serve.py", store, log) as url:
        page = context.new_page()
        page.goto(url + "/plie")
        settle(page, "Une erreur inattendue s'est produite")
        page.screenshot(path=str(tmp_path / "erreur.png"))
        text = body(page)
        assert texts.UNEXPECTED_ERROR.split("**")[1] in text
        for leak in ("JSONDecodeError", "Traceback", "users.json", "Expecting", "line 1"):
            assert leak not in text, leak
        assert page.locator('[data-testid="stException"]').count() == 0
    server_log = log.read_text()
    assert "Traceback" in server_log and "JSONDecodeError" in server_log
    assert "users.py" in server_log  # where it happened, for whoever reads the log
