"""`python -m cli history | head`: the reader closed the pipe; no « Erreur interne »."""

from cli import __main__ as cli_main


def test_a_closed_pipe_ends_quietly(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))

    def history(_args, _store):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setitem(cli_main.COMMANDS, "history", history)
    assert cli_main.main(["history"]) == 0
    assert capsys.readouterr().err == ""
