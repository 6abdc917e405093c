"""« Ce que disent les chiffres » at the top of a page: the narrative's sentences
(`queries.narrative`), each with a footnote number, and what each rests on (registry ids
and values) in the footnotes under them.

Built once per (catalogue version, territory, commune, year, reference, audience, the
viewer's communes) and cached; the page hands over the protected frames it already has
(its key figures, its `commune_page`), so the narrative adds only its own queries.
"""

import functools

import streamlit as st

import settings
from queries import narrative
from ui import access, state
from wording import texts


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def _build(data_dir: str, version: str, territory: str, year: int, commune: str | None,
           reference: str | None, audience: str, visible: tuple[str, ...] | None,
           _key_figures=None, _page=None) -> narrative.Narrative:
    # `_key_figures` and `_page` (not hashed) are determined by the other parameters.
    return state.run_query(functools.partial(
        narrative.build, commune=commune, audience=audience, reference=reference,
        visible=visible, key_figures=_key_figures, page=_page), territory, year)


def _visible() -> tuple[str, ...] | None:
    allowed = access.allowed_communes()
    return None if allowed is None else tuple(sorted(allowed))


def territory(cat, territory: str, year: int, key_figures=None) -> None:
    """The territory's narrative; `key_figures`: the page's `state.key_figures` frame."""
    _show(lambda: _build(str(settings.data_dir()), state.version(cat), territory, year, None,
                         narrative.DEFAULT_REFERENCE, state.audience(), _visible(),
                         _key_figures=key_figures))


def commune(cat, territory: str, code: str, year: int, reference: str | None,
            page: dict | None = None) -> None:
    """A commune's narrative; `page`: the page's `commune_page` result (same parameters)."""
    _show(lambda: _build(str(settings.data_dir()), state.version(cat), territory, year, code,
                         reference, state.audience(), _visible(), _page=page))


def _show(build) -> None:
    try:
        n = build()
    except state.QueryFailed:
        return  # the page's own figures say what failed; a missing summary is not an error
    if not n.sentences:
        return
    with st.container(key="narrative"):
        st.subheader(texts.NARRATIVE_TITLE, anchor=False)
        st.markdown("\n".join(f"- {_md(s.text)}{narrative.mark(i)}"
                               for i, s in enumerate(n.sentences)))
        with st.expander(texts.NARRATIVE_EVIDENCE, icon=":material/format_list_numbered:"):
            st.caption(texts.NARRATIVE_EVIDENCE_CAPTION.format(place=n.place))
            st.markdown("\n\n".join(f"{narrative.mark(i)} {_md(note)}"
                                      for i, note in enumerate(n.footnotes)))


def _md(text: str) -> str:
    """Plain text inside Markdown: no character of a sentence is read as markup."""
    for c in "\\`*_{}[]<>#|~$":
        text = text.replace(c, "\\" + c)
    return text
