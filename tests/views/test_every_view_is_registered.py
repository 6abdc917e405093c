"""Every page script of views/ is registered in the navigation, and no `pages/` folder
sits beside app.py (it would put a fresh server in Streamlit's legacy multipage mode,
serving each page script by its address without the login gate)."""

from pathlib import Path

from ui.nav import PAGES

ROOT = Path(__file__).resolve().parents[2]
VIEWS_DIR = ROOT / "views"


def test_every_page_file_is_in_the_navigation_with_roles():
    registered = {Path(p.path).name for p in PAGES}
    assert registered == {p.name for p in VIEWS_DIR.glob("*.py")}
    assert all(p.path.startswith("views/") and p.roles for p in PAGES)


def test_no_pages_folder_beside_the_entry_scripts():
    # Streamlit looks only at whether the folder exists: an old checkout's leftover
    # pages/__pycache__ is enough, and must be deleted.
    assert not (ROOT / "pages").exists(), "remove the pages/ folder (the pages are in views/)"
