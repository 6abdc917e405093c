"""Entry point: page configuration, the demonstration banner and the navigation."""

import streamlit as st

from ui import state, texts

st.set_page_config(page_title=texts.APP_TITLE, layout="wide")

if state.is_demo(state.catalog()):
    st.warning(texts.DEMO_BANNER, icon=":material/science:")

st.navigation(
    [
        st.Page(
            "pages/chiffres_cles.py",
            title=texts.KEY_FIGURES_PAGE,
            # An emoji, not ":material/...:": Streamlit fetches a material page icon from
            # fonts.gstatic.com to use it as the favicon, which an offline host can't reach.
            icon="📊",
            default=True,
        ),
        st.Page("pages/importer.py", title=texts.IMPORT_PAGE, icon="📥", url_path="importer"),
        st.Page("pages/historique.py", title=texts.HISTORY_PAGE, icon="🗂️", url_path="historique"),
    ]
).run()
