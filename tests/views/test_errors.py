"""An uncaught exception shows a French message, never its details; the details go to the
server log (`ui/errors.py`, `client.showErrorDetails = "none"`)."""

import logging
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import errors
from wording import texts

DETAIL = "détail interne /srv/donnees/imports/7/plie.parquet"


def test_config_hides_streamlit_error_details():
    config = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_an_error_in_a_page_shows_the_french_message_and_logs_the_details(
        demo_data_dir, monkeypatch, caplog):
    def broken():
        raise RuntimeError(DETAIL)

    monkeypatch.setattr("ui.tiles.inject_css", broken)  # the first thing « Chiffres clés » does
    at = AppTest.from_file("../../app.py", default_timeout=60)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.UNEXPECTED_ERROR]
    shown = [el.value for el in at.main if isinstance(getattr(el, "value", None), str)]
    assert texts.UNEXPECTED_ERROR in shown and not any(DETAIL in text for text in shown)
    logged = [r for r in caplog.records if r.name == "ui.errors"]
    assert len(logged) == 1 and logged[0].exc_info[0] is RuntimeError
    assert DETAIL in str(logged[0].exc_info[1])
    assert any("démonstration" in w.value for w in at.warning)  # the app around it still stands


def test_an_error_before_the_page_runs_is_caught_too(demo_data_dir, monkeypatch, caplog):
    def broken(store):
        raise OSError(DETAIL)

    monkeypatch.setattr("ui.auth.current_user", broken)
    at = AppTest.from_file("../../app.py", default_timeout=60)
    with caplog.at_level(logging.ERROR, logger="ui.errors"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.UNEXPECTED_ERROR]
    assert any(r.exc_info and r.exc_info[0] is OSError for r in caplog.records)


def test_errors_outside_a_run_are_handled_by_the_app_server_hook(caplog):
    """`serve.py` gives `on_script_error` to `st.App` (widget callbacks): same message,
    and True so that Streamlit shows nothing of its own."""
    def script():
        from ui import errors

        errors.on_script_error(ValueError("détail"))

    at = AppTest.from_function(script).run()
    assert [e.value for e in at.error] == [texts.UNEXPECTED_ERROR]
    assert errors.on_script_error.__name__ == "on_script_error"
    import serve

    assert serve.app._on_script_error is errors.on_script_error
