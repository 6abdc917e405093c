"""The files an AppTest run offers for download, read as a browser would get them.

AppTest gives each run a mock Runtime with a fresh `MediaFileManager` and drops it when the
run ends, and an element only carries the file's URL (`data=bytes`) or the id of a deferred
callable (`data=lambda: …`, built on click). The `downloads` fixture keeps every manager
AppTest makes, so a test can fetch a button's bytes from the last run: an eager file from
the manager's storage, a deferred one by `execute_deferred`, which is what the server does
when the button is clicked.
"""

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest, app_test


class _RecordingManager(MediaFileManager):
    made: list["_RecordingManager"] = []

    def __init__(self, storage):
        super().__init__(storage)
        self.storage = storage
        _RecordingManager.made.append(self)


class Downloads:
    def files(self, at: AppTest) -> dict[str, bytes]:
        """{label: bytes} of every download button of the app's last run."""
        buttons = at.get("download_button")
        if not buttons:
            return {}
        manager = _RecordingManager.made[-1]  # the last run's
        out = {}
        for button in buttons:
            proto = button.proto
            url = manager.execute_deferred(proto.deferred_file_id) if proto.deferred_file_id \
                else proto.url
            assert url, proto.label
            assert proto.label not in out, f"two buttons labelled {proto.label!r}"
            out[proto.label] = bytes(manager.storage.get_file(url.rsplit("/", 1)[-1]).content)
        return out


def record(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """Keep AppTest's media file managers while `monkeypatch` is active."""
    _RecordingManager.made.clear()
    monkeypatch.setattr(app_test, "MediaFileManager", _RecordingManager)
    return Downloads()


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    return record(monkeypatch)
