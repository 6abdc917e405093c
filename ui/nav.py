"""The pages and who may open them (default deny: a page lists the roles that see it)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from wording import texts

EVERYONE = ("gestionnaire", "elu", "lecteur")
OFFICIALS = ("gestionnaire", "elu")
MANAGERS = ("gestionnaire",)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str  # emoji only: ":material/…" icons make Streamlit fetch a favicon from the internet
    url_path: str
    roles: tuple[str, ...]


PAGES = [
    PageSpec("views/chiffres_cles.py", texts.KEY_FIGURES_PAGE, "📊", "chiffres_cles", EVERYONE),
    PageSpec("views/demandeurs_emploi.py", texts.DE_PAGE, "📈", "demandeurs_emploi", OFFICIALS),
    PageSpec("views/plie.py", texts.PLIE_PAGE, "🧭", "plie", OFFICIALS),
    PageSpec("views/mission_locale.py", texts.ML_PAGE, "🎓", "mission_locale", OFFICIALS),
    PageSpec("views/maison_emploi.py", texts.MDE_PAGE, "🤝", "maison_emploi", OFFICIALS),
    PageSpec("views/qpv.py", texts.QPV_PAGE, "🏘️", "qpv", OFFICIALS),
    PageSpec("views/ma_commune.py", texts.COMMUNE_PAGE, "📍", "ma_commune", OFFICIALS),
    PageSpec("views/fiche_commune.py", texts.FICHE_PAGE, "🖨️", "fiche_commune", OFFICIALS),
    PageSpec("views/carte.py", texts.MAP_PAGE, "🗺️", "carte", EVERYONE),
    PageSpec("views/assemblee_generale.py", texts.AG_PAGE, "🎤", "assemblee_generale", EVERYONE),
    PageSpec("views/importer.py", texts.IMPORT_PAGE, "📥", "importer", MANAGERS),
    PageSpec("views/historique.py", texts.HISTORY_PAGE, "🗂️", "historique", MANAGERS),
    PageSpec("views/territoires.py", texts.TERRITORIES_PAGE, "🧩", "territoires", MANAGERS),
]


def pages_for(role: str | None) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]


def _forbidden(spec: PageSpec, role: str) -> None:
    st.title(spec.title, anchor=False)
    st.warning(texts.PAGE_FORBIDDEN.format(page=spec.title, role=texts.ROLE_LABELS.get(role, role)))


# The first page is served at the app's root, but Streamlit still reserves its url_path and
# answers « Page not found » at that address: the default page takes this unused name, and
# its own address (a bookmark of /chiffres_cles, the login form's /connexion) is a hidden
# page that goes to the root with the same query parameters. On the run that opens
# /accueil itself, the default page takes the spare name and /accueil goes to the root too.
ROOT_PATH, SPARE_ROOT_PATH = "accueil", "accueil_"
LOGIN_PATH = "connexion"


def _to_root(root: st.Page) -> None:
    st.switch_page(root, query_params=st.query_params.to_dict())


def _not_found(root: st.Page) -> None:
    st.title(texts.PAGE_NOT_FOUND_TITLE, anchor=False)
    st.info(texts.PAGE_NOT_FOUND, icon=":material/explore_off:")
    st.page_link(root, label=texts.PAGE_NOT_FOUND_LINK, icon="🏠")


def asked_path() -> str | None:
    """The address the browser opens (« nimporte » for /nimporte) on the run that opens
    it; None on the reruns of a page already open, which name it by its hash."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return None
    return manager.intended_page_name or None


def _usable(path: str) -> bool:
    """Streamlit takes it as a url_path unchanged (no slash, no space around)."""
    return bool(path) and "/" not in path and path == path.strip()


def navigation(role: str | None, login_page: Callable[[str], None]) -> None:
    """Runs the page asked for, if the role may see it.

    Every page address exists for everyone, so that a link to a page never meets
    Streamlit's « Page not found »: without a role each address shows the login form
    (`login_page(url_path)`, which comes back to that address and its filters once logged
    in); with a role, a page the role may not see is a hidden page saying so. Neither
    runs the page's script, which is only registered for the roles that see it.
    """
    asked = asked_path()
    root_path = SPARE_ROOT_PATH if asked == ROOT_PATH else ROOT_PATH
    allowed = pages_for(role)
    if not allowed:
        root = st.Page(partial(login_page, ""), title=texts.LOGIN_PAGE, icon="🔐",
                       url_path=root_path, default=True)
        pages = [root]
        pages += [st.Page(partial(login_page, p.url_path), title=texts.LOGIN_PAGE, icon="🔐",
                          url_path=p.url_path, visibility="hidden") for p in PAGES]
        root_paths = [LOGIN_PATH]
    else:
        first, *others = allowed
        root = st.Page(first.path, title=first.title, icon=first.icon, url_path=root_path,
                       default=True)
        pages = [root] + [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path)
                          for p in others]
        pages += [st.Page(partial(_forbidden, p, role), title=p.title, icon=p.icon,
                          url_path=p.url_path, visibility="hidden")
                  for p in PAGES if p not in allowed]
        root_paths = [first.url_path, LOGIN_PATH]
    if root_path != ROOT_PATH:
        root_paths.append(ROOT_PATH)
    pages += [st.Page(partial(_to_root, root), title=root.title, url_path=path,
                      visibility="hidden") for path in root_paths]
    # an unknown address (a mistyped link, an old bookmark) says so, in French, rather than
    # Streamlit's English « Page not found » over the default page
    if asked and _usable(asked) and asked not in {p.url_path for p in pages}:
        pages.append(st.Page(partial(_not_found, root), title=texts.PAGE_NOT_FOUND_TITLE,
                             icon="🧭", url_path=asked, visibility="hidden"))
    # every page listed: the collapsed list ends with Streamlit's English « View N more »
    st.navigation(pages, expanded=True).run()
