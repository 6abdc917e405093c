"""The « Importer un fichier » page, run headless with AppTest on a temporary store.

Files are a few lines of CSV written here, in the layout of a Maison de l'Emploi export
of events; uploads go through the real `st.file_uploader` of AppTest.
"""

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import mappings
from data.store import Store
from ui import import_view
from wording import texts

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "importer.py")
TIMEOUT = 30  # the first check loads the commune reference

HEADER = "Date;Événement;Commune;Exposants;Participants"
VALID = f"{HEADER}\n12/03/2025;Job dating;Lambersart;4;40\n"
UNKNOWN_COMMUNE = f"{VALID}13/03/2025;Forum emploi;Lambersartt;5;50\n"
WITH_RDV = f"{HEADER};Rdv;Nom\n12/03/2025;Job dating;Lambersart;4;40;12;Dupont\n"
DATE_UNDER_OTHER_NAME = VALID.replace("Date;", "Quand;")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    return Store(data_dir)


def open_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert_fine(at)
    return at


def upload(at: AppTest, text: str | bytes, name: str = "evenements.csv") -> AppTest:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    at.file_uploader[0].set_value((name, raw, "text/csv")).run()
    assert_fine(at)
    return at


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_a_valid_file_is_imported_and_appears_in_the_catalogue(store):
    at = upload(open_page(), VALID)
    assert not at.error
    summary = at.markdown[0].value
    assert "Événements emploi de la Maison de l'Emploi" in summary
    assert "Métropole Nord-Ouest (ALPES)" in summary and "2025" in summary
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {texts.IMPORT_METRIC_ROWS: "1", texts.IMPORT_METRIC_INVALID: "0",
                       texts.IMPORT_METRIC_ERRORS: "0", texts.IMPORT_METRIC_WARNINGS: "0"}
    assert at.success[0].value == texts.IMPORT_READY
    assert texts.IMPORT_DROP_BUTTON not in labels(at)
    assert store.catalog().imports == []  # checking writes nothing

    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    records = store.catalog().imports
    assert [(r.id, r.status, r.source, r.territory, r.period, r.rows_stored, r.user)
            for r in records] == [(1, "active", "mde_events", "mno", "2025", 1, "gestionnaire")]
    assert not records[0].dropped_invalid_rows
    message = at.success[0].value
    assert "Import n° 1 enregistré" in message and texts.IMPORT_SUCCESS_FIRST in message
    assert not at.metric  # the file is done with: the page is ready for the next one
    assert at.file_uploader[0].key != "import_upload_0"


def test_unknown_commune_blocks_import_and_can_be_left_out(store):
    at = upload(open_page(), UNKNOWN_COMMUNE)
    problems = at.dataframe[0].value
    error = problems[problems["Gravité"] == "erreur"].iloc[0]
    assert (error["Ligne"], error["Colonne"], error["Valeur"]) == ("3", "Commune", "Lambersartt")
    assert "None" not in problems["Ligne"].tolist()
    assert "Lambersart (59328)" in error["Que faire"]
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "1"
    assert button(at, texts.IMPORT_BUTTON).disabled
    assert at.download_button  # the validation report

    button(at, texts.IMPORT_DROP_BUTTON).click().run()
    assert_fine(at)
    (record,) = store.catalog().imports
    assert (record.rows_read, record.rows_stored, record.rows_rejected) == (2, 1, 1)
    assert record.dropped_invalid_rows
    assert "Lignes invalides écartées : 1" in at.success[0].value


def test_an_unreadable_file_says_why_in_french(store):
    at = upload(open_page(), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name="x.xlsx")
    assert len(at.error) == 1
    assert "x.xlsx" in at.error[0].value and "PDF" in at.error[0].value
    assert not at.button and not at.metric
    assert store.catalog().imports == []


def test_an_unreadable_workbook_says_so_in_the_progress_box_too(store):
    """The box above the message said « Fichier contrôlé — » with nothing after the dash
    for a truncated (or password-protected) xlsx: no step had ended."""
    raw = ml_extraction()
    at = upload(open_page(), raw[: len(raw) // 2], name="extraction_imilo.xlsx")
    (status,) = at.status
    assert status.state == "error"
    assert status.label == "Fichier non retenu : voir le message ci-dessous"
    assert "n'est pas un classeur Excel lisible" in at.error[0].value
    assert store.catalog().imports == []


def test_choosing_a_field_for_an_unknown_column_rechecks_and_is_remembered(store):
    at = upload(open_page(), WITH_RDV)
    problems = at.dataframe[0].value
    assert "Colonnes non utilisées" in set(problems["Règle"])
    assert "«\u00a0Nom\u00a0»" in at.info[0].value  # personal data, never stored
    rdv = at.selectbox(key=next(s.key for s in at.selectbox if "Rdv" in s.label))
    assert rdv.value is None and "Entretiens" in rdv.options

    rdv.select("interviews").run()
    assert_fine(at)
    assert "Colonnes non utilisées" not in set(at.dataframe[0].value["Règle"])
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    assert mappings.load(store, "mde_events") == {"Rdv": "interviews"}
    record = store.catalog().active()[0]
    stored = pd.read_parquet(store.data_dir / record.tables["mde_events"])
    assert stored["interviews"].tolist() == [12]

    # The next file of the source uses the saved mapping, and shows it.
    at = upload(at, WITH_RDV.replace(";12;", ";15;"), name="avril.csv")
    assert "Colonnes non utilisées" not in set(at.dataframe[0].value["Règle"])
    assert next(s for s in at.selectbox if "Rdv" in s.label).value == "interviews"


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_a_mapped_column_leaves_the_unrecognised_ones_and_can_be_undone(store):
    at = upload(open_page(), WITH_RDV)
    assert texts.IMPORT_MAPPING_HEADER in subheaders(at)
    assert texts.IMPORT_MAPPED_HEADER not in subheaders(at)
    at.selectbox(key=next(s.key for s in at.selectbox if "Rdv" in s.label)).select("interviews").run()
    assert_fine(at)
    # « Rdv » was the only unrecognised column: it is now listed as mapped, its choice kept
    assert texts.IMPORT_MAPPING_HEADER not in subheaders(at)
    assert texts.IMPORT_MAPPED_HEADER in subheaders(at)
    rdv = next(s for s in at.selectbox if "Rdv" in s.label)
    assert rdv.value == "interviews"
    rdv.select_index(0).run()  # « — ne pas importer — »: unrecognised again
    assert_fine(at)
    assert texts.IMPORT_MAPPING_HEADER in subheaders(at)
    assert texts.IMPORT_MAPPED_HEADER not in subheaders(at)


def test_a_column_mapped_by_a_saved_mapping_is_not_listed_as_unrecognised(store):
    mappings.save(store, "mde_events", {"Quand": "event_date"})
    at = upload(open_page(), DATE_UNDER_OTHER_NAME)
    assert subheaders(at).count(texts.IMPORT_MAPPED_HEADER) == 1
    assert texts.IMPORT_MAPPING_HEADER not in subheaders(at)


def test_a_missing_required_column_can_be_mapped_on_the_page(store):
    at = upload(open_page(), DATE_UNDER_OTHER_NAME)
    assert "colonnes obligatoires" in at.error[0].value
    assert not at.button
    quand = next(s for s in at.selectbox if "Quand" in s.label)
    # its cells are dates: the event date is offered first, as a suggestion
    assert quand.options[1] == "Date (obligatoire) — suggéré"
    quand.select("event_date").run()
    assert_fine(at)
    assert not at.error
    assert not button(at, texts.IMPORT_BUTTON).disabled


def test_reimporting_replaces_and_the_same_file_twice_changes_nothing(store):
    at = upload(open_page(), VALID)
    assert not at.warning  # a first import replaces nothing
    button(at, texts.IMPORT_BUTTON).click().run()
    at = upload(at, VALID.replace(";40", ";45"), name="evenements_v2.csv")
    # said before the click, and nothing stored by saying it
    assert [w.value.split(" (")[0] for w in at.warning] == ["**Cet import remplacera l'import n° 1**"]
    assert [r.id for r in store.catalog().imports] == [1]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    assert "Il remplace l'import n° 1" in at.success[0].value
    at = upload(at, VALID.replace(";40", ";45"), name="evenements_v2.csv")
    # the same file again: said at the check, before any click
    assert [i.value.split(" (")[0] for i in at.info] == ["**Ce fichier est déjà importé**"]
    assert "import n° 2, le " in at.info[0].value and not at.warning
    button(at, texts.IMPORT_BUTTON).click().run()
    assert texts.IMPORT_SAME_FILE.format(id=2) == at.success[0].value
    assert [(r.id, r.status) for r in store.catalog().imports] == [(1, "replaced"), (2, "active")]


def test_a_file_kept_in_the_session_is_checked_without_the_widget(store):
    # What the page keeps after an upload: reruns never read the widget again.
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[import_view.FILE_KEY] = {"name": "evenements.csv", "raw": VALID.encode()}
    at.run()
    assert_fine(at)
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_ROWS] == "1"


def test_chosen_source_territory_and_period_are_used(store):
    at = upload(open_page(), VALID)
    at.selectbox(key="import_territory").select("melt")
    at.text_input(key="import_period").input("2025-03").run()
    assert_fine(at)
    summary = at.markdown[0].value
    assert "Lys-Tourcoing (MELT)" in summary and "mars 2025" in summary
    button(at, texts.IMPORT_BUTTON).click().run()
    assert store.catalog().imports[0].key == ("mde_events", "melt", "2025-03")


def test_a_wrong_period_is_refused_before_checking(store):
    at = upload(open_page(), VALID)
    at.text_input(key="import_period").input("03/2025").run()
    assert_fine(at)
    assert "03/2025" in at.error[0].value
    assert not at.button


def test_a_source_that_does_not_fit_the_file_is_explained(store):
    at = upload(open_page(), VALID)
    at.selectbox(key="import_source").select("plie").run()
    assert_fine(at)
    assert "Participants et étapes PLIE" in at.error[0].value
    assert not at.button


def test_a_saved_mapping_makes_a_file_recognisable(store):
    # « Quand » is no synonym of the event date: without the saved mapping the file is
    # refused for a missing required column (see the test above).
    mappings.save(store, "mde_events", {"Quand": "event_date"})
    at = upload(open_page(), DATE_UNDER_OTHER_NAME)
    assert not at.error
    assert "Événements emploi de la Maison de l'Emploi" in at.markdown[0].value
    assert next(s for s in at.selectbox if "Quand" in s.label).value == "event_date"
    assert not button(at, texts.IMPORT_BUTTON).disabled


def test_the_check_shows_its_steps_and_their_durations(store):
    at = upload(open_page(), VALID)
    (status,) = at.status
    assert status.state == "complete"
    assert status.label.startswith("Fichier contrôlé — Lecture ")
    assert all(step in status.label for step in ("Reconnaissance ", "Contrôle "))
    button(at, texts.IMPORT_BUTTON).click().run()
    assert "Écriture : " in at.success[0].value


ONPV = ("\ufeffCODGEO;LIBGEO;ABC;ABC_F;A;ABC_25;ABC_50;NOTE_PE;;;\r\n"
        "QP059087;La Bourgogne;1\u202f204;598;790;180;260;0;;;\r\n")


def test_onpv_indicator_columns_are_not_offered_as_unknown_and_the_period_is_asked(store):
    at = upload(open_page(), ONPV, name="IPRO_2024.csv")
    assert "période de référence" in at.error[0].value  # the file does not say its date
    at.text_input(key="import_period").input("2023-12").run()
    assert_fine(at)
    assert not at.error
    # every indicator column is imported: none is listed among the unknown columns
    offered = [s.label for s in at.selectbox if s.label.startswith("Colonne « ")]
    assert offered == []
    button(at, texts.IMPORT_BUTTON).click().run()
    (record,) = store.catalog().imports
    assert record.period == "2023-12"
    stored = pd.read_parquet(store.data_dir / record.tables["qpv_indicators"])
    assert dict(zip(stored["measure"], stored["value"], strict=True)) == {
        "ABC": 1204, "ABC_F": 598, "A": 790, "ABC_25": 180, "ABC_50": 260, "NOTE_PE": 0}


# A PLIE layout the importer has never seen: its identifier and prescriber headers are
# no synonyms, its sexes are abbreviated. One visit maps all three, and imports.
NEW_LAYOUT = (
    "Réf. interne;Sexe;Code postal;Commune;Orienteur principal;Date d'entrée\n"
    "R-01;Hme;59130;LAMBERSART;Pôle emploi;03/02/2025\n"
    "R-02;Fme;59700;MARCQ EN BAROEUL;CCAS;10/03/2025\n"
    "R-03;Hme;59130;LAMBERSART;Pôle emploi;14/04/2025\n"
)


def selector(at: AppTest, text: str):
    return next(s for s in at.selectbox if text in s.label)


def test_a_new_layout_is_mapped_and_imported_in_one_visit(store):
    at = upload(open_page(), NEW_LAYOUT, name="parcours.csv")
    at.selectbox(key="import_source").select("plie").run()
    assert_fine(at)
    assert "colonnes obligatoires" in at.error[0].value
    assert "« Réf. interne » ressemble à « Identifiant »" in at.error[0].value
    ref = selector(at, "Réf. interne")
    assert ref.options[1] == "Identifiant (obligatoire) — suggéré"
    ref.select("person_id").run()
    assert_fine(at)

    # the file is now read: its unknown sexes block it, each with a selector
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "3"
    assert button(at, texts.IMPORT_BUTTON).disabled
    hme = selector(at, "« Hme »")
    assert "(2 ligne(s))" in hme.label and hme.options[1] == "H — homme — suggéré"
    orienteur = selector(at, "Orienteur principal")
    assert orienteur.options[1] == "Prescripteur — suggéré"
    hme.select("H").run()
    selector(at, "« Fme »").select("F").run()
    selector(at, "Orienteur principal").select("prescriber").run()
    assert_fine(at)
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "0"
    assert selector(at, "« Hme »").value == "H"  # a value chosen stays visible, and can be undone

    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    (record,) = store.catalog().imports
    assert (record.source, record.territory, record.rows_stored) == ("plie", "mno", 3)
    rows = store.connection().execute(
        "select sex, prescriber, count(*) from plie_participants group by 1, 2 order by 1").fetchall()
    assert rows == [("F", "CCAS", 1), ("H", "France Travail", 2)]
    assert mappings.load(store, "plie") == {"Réf. interne": "person_id", "Orienteur principal": "prescriber"}
    assert mappings.load_values(store, "plie") == {"sex": {"Hme": "H", "Fme": "F"}}

    # next month, the same layout: nothing to choose
    at = upload(at, NEW_LAYOUT.replace("R-03", "R-04"), name="parcours_2.csv")
    at.selectbox(key="import_source").select("plie").run()
    assert_fine(at)
    assert not at.error
    assert not button(at, texts.IMPORT_BUTTON).disabled
    assert not [s for s in at.selectbox if "« Hme »" in s.label]
    assert "Sexe «\u00a0Hme\u00a0» → H — homme" in " ".join(c.value for c in at.caption)


def test_onpv_indicator_columns_are_not_offered_as_unrecognised(store):
    raw = (Path(__file__).resolve().parents[2] / "data" / "ref" / "qpv-onpv" / "IPRO_2018.csv").read_bytes()
    at = upload(open_page(), raw, name="IPRO_2018.csv")
    labels = [s.label for s in at.selectbox]
    assert not [lbl for lbl in labels if "ABC" in lbl or "TX_TOT_EMPL" in lbl]
    assert texts.IMPORT_MAPPING_HEADER not in [h.value for h in at.subheader]


def test_values_kept_as_written_do_not_block_and_can_still_be_mapped(store):
    text = ("N° dossier;Civilité;Code postal;Commune;Orienté par;Date d'entrée\n"
            "P1;Madame;59130;LAMBERSART;UT Roubaix-Tourcoing;03/02/2025\n"
            "P2;Monsieur;59130;LAMBERSART;Pôle emploi;04/02/2025\n")
    at = upload(open_page(), text, name="plie.csv")
    assert not button(at, texts.IMPORT_BUTTON).disabled  # an unknown prescriber is kept as written
    assert "Valeurs non reconnues qui ne bloquent pas l'import (1)" in [e.label for e in at.expander]
    selector(at, "« UT Roubaix-Tourcoing »").select("Département").run()
    assert_fine(at)
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    rows = store.connection().execute("select prescriber from plie_participants order by 1").fetchall()
    assert rows == [("Département",), ("France Travail",)]
    assert mappings.load_values(store, "plie") == {"prescriber": {"UT Roubaix-Tourcoing": "Département"}}


def test_a_value_mapping_saved_from_the_cli_applies_on_the_page(store):
    """`cli import --map-value` saved « UT Roubaix-Tourcoing » → Département: the page, with
    no source chosen, applies it as the CLI does."""
    mappings.save_values(store, "plie", {"prescriber": {"UT Roubaix-Tourcoing": "Département"}})
    text = ("N° dossier;Civilité;Code postal;Commune;Orienté par;Date d'entrée\n"
            "P1;Madame;59130;LAMBERSART;UT Roubaix-Tourcoing;03/02/2025\n"
            "P2;Monsieur;59130;LAMBERSART;Pôle emploi;04/02/2025\n")
    at = upload(open_page(), text, name="plie.csv")
    assert not [s for s in at.selectbox if "« UT Roubaix-Tourcoing »" in s.label]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    rows = store.connection().execute("select prescriber from plie_participants order by 1").fetchall()
    assert rows == [("Département",), ("France Travail",)]


def demo_import(store: Store) -> None:
    """The store as `make demo` leaves it: demonstration data only, the app open without login."""
    from data.catalog import DEMO_USER

    store.commit_import(source="mde_events", territory="mno", period="2024", user=DEMO_USER,
                        frames={"mde_events": pd.DataFrame({
                            "event_date": pd.to_datetime(["2024-03-12"]), "name": ["Forum"],
                            "code_insee": ["59328"], "exhibitors": [3], "participants": [30],
                            "interviews": [None]})},
                        file_name="demo.csv", raw=b"demo")


def fill_account(at: AppTest, name: str, password: str, confirm: str) -> AppTest:
    fields = {t.label: t for t in at.text_input}
    fields[texts.FIRST_LOGIN_NAME].input(name)
    fields[texts.FIRST_LOGIN_PASSWORD].input(password)
    fields[texts.FIRST_LOGIN_CONFIRM].input(confirm)
    at.run()
    assert_fine(at)
    return at


def test_the_first_real_import_asks_for_the_first_account_and_creates_it(store):
    """Demo data only and no account: the first real import would lock everyone out. The
    page says that a login will follow and asks for the first manager's account, with the
    rules of the CLI, before « Importer » is enabled; the import creates it, audit-logged."""
    from data import audit, users
    from ui import auth

    demo_import(store)
    at = open_page()
    assert [i.value for i in at.info] == [texts.IMPORT_DEMO_NOTICE]
    at = upload(at, VALID)
    assert [w.value for w in at.warning] == [texts.FIRST_LOGIN_NO_ACCOUNT]
    assert button(at, texts.IMPORT_BUTTON).disabled
    assert texts.IMPORT_BLOCKED_ACCOUNT in [c.value for c in at.caption]

    # each rule of `users add`, in French, and the button stays disabled
    fill_account(at, "marie durand", "court", "")
    assert [e.value for e in at.error] == [
        "Identifiant invalide : lettres, chiffres, point, tiret, @ et _ seulement.",
        "Mot de passe trop court : au moins 10 caractères."]
    assert button(at, texts.IMPORT_BUTTON).disabled
    fill_account(at, "marie.durand", "un long secret", "un long secreT")
    assert [e.value for e in at.error] == ["Les deux mots de passe ne sont pas identiques."]
    assert button(at, texts.IMPORT_BUTTON).disabled
    assert users.load(store.data_dir) == {}  # nothing is created while typing

    fill_account(at, " marie.durand ", "un long secret", "un long secret")
    assert not at.error
    assert not button(at, texts.IMPORT_BUTTON).disabled
    assert texts.IMPORT_BLOCKED_ACCOUNT not in [c.value for c in at.caption]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)

    assert [(r.id, r.user) for r in store.catalog().imports] == [(1, "demo"),
                                                                (2, "marie.durand")]
    account = users.load(store.data_dir)["marie.durand"]
    assert (account.role, account.communes) == ("gestionnaire", [])
    assert users.authenticate("marie.durand", "un long secret", data_dir=store.data_dir)
    logged = [(e["action"], e["user"], e.get("account"), e.get("role"))
              for e in audit.entries(store.data_dir)]
    assert logged[-3:] == [("compte_cree", "marie.durand", "marie.durand", "gestionnaire"),
                           ("import", "marie.durand", None, None),
                           ("connexion", "marie.durand", None, "gestionnaire")]
    assert at.session_state[auth.FIRST_ACCOUNT] == "marie.durand"
    assert at.session_state[auth.FIRST_IMPORT][0].startswith("**Import n° 2 enregistré**")
    assert not [k for k in import_view.ACCOUNT_KEYS if k in at.session_state]  # no password kept


def test_a_refused_first_import_keeps_the_account_and_says_so(store, monkeypatch):
    """The account is created just before the import: if the store then refuses it, the
    account stays (the demo stays open without login) and the page says so."""
    from data import users
    from ingest import pipeline
    from ingest.pipeline import ImportRefused

    demo_import(store)
    at = fill_account(upload(open_page(), VALID), "marie", "un long secret", "un long secret")

    def refuse(*args, **kwargs):
        raise ImportRefused("Un autre import est en cours : réessayez dans un instant.")

    monkeypatch.setattr(pipeline, "commit", refuse)
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    assert [r.user for r in store.catalog().imports] == ["demo"]
    assert list(users.load(store.data_dir)) == ["marie"]
    assert [e.value for e in at.error] == [
        "Un autre import est en cours : réessayez dans un instant."]
    assert at.info[1].value == (
        "Le compte gestionnaire « marie » a été créé juste avant l'import, qui n'a pas abouti : "
        "l'application reste en démonstration, sans connexion. Après le prochain import, "
        "connectez-vous avec ce compte.")
    # the page now names the account and lets the import be tried again
    assert [w.value for w in at.warning] == [texts.FIRST_LOGIN_ACCOUNTS.format(
        names="«\u00a0marie\u00a0»")]
    assert not button(at, texts.IMPORT_BUTTON).disabled


def test_with_accounts_the_first_real_import_names_them_and_asks_nothing(store):
    from data import users

    demo_import(store)
    users.add("paul", "elu", "un long secret", data_dir=store.data_dir)
    users.add("anne", "gestionnaire", "un long secret", data_dir=store.data_dir)
    at = upload(open_page(), VALID)
    assert [w.value for w in at.warning] == [
        "**Après cet import, l'application demandera de se connecter** avec l'un des comptes "
        "existants : «\u00a0anne\u00a0», «\u00a0paul\u00a0»."]
    assert texts.FIRST_LOGIN_NAME not in [t.label for t in at.text_input]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    assert sorted(users.load(store.data_dir)) == ["anne", "paul"]
    assert auth_first_account(at) is None


def auth_first_account(at: AppTest):
    from ui import auth

    return at.session_state[auth.FIRST_ACCOUNT] if auth.FIRST_ACCOUNT in at.session_state else None


def test_after_real_data_the_page_says_nothing_of_login(store):
    from tests.data.test_store import commit, events

    commit(store, events(2))  # real data: the login is already required
    at = upload(open_page(), VALID)
    assert texts.IMPORT_DEMO_NOTICE not in [i.value for i in at.info]
    assert not [w.value for w in at.warning if "se connecter" in w.value]
    assert texts.FIRST_LOGIN_NAME not in [t.label for t in at.text_input]


def test_the_first_real_import_tells_the_login_page_why_it_appears(store):
    """While the store holds demonstration data only, the app opens without login; the
    manager's first real import ends that, and the login page that follows says so with
    the import's outcome (the page itself is gone with the demo session)."""
    from ui import auth

    demo_import(store)
    at = fill_account(upload(open_page(), VALID), "marie", "un long secret", "un long secret")
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    done = at.session_state[auth.FIRST_IMPORT]
    assert done[0].startswith("**Import n° 2 enregistré**"), done
    # a later import (no longer the first real one) leaves no such message
    at.session_state[auth.FIRST_IMPORT] = None
    at = upload(at, VALID.replace(";40", ";41"), name="v2.csv")
    assert texts.FIRST_LOGIN_NAME not in [t.label for t in at.text_input]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert at.session_state[auth.FIRST_IMPORT] is None

    def login():
        from data.store import Store
        from ui import auth

        auth.login_page(Store())

    page = AppTest.from_function(login, default_timeout=TIMEOUT)
    page.session_state[auth.FIRST_IMPORT] = ["Import n° 2 enregistré."]
    page.session_state[auth.FIRST_ACCOUNT] = "marie"
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    assert page.success[0].value == "Import n° 2 enregistré."
    assert page.info[0].value == (
        "Ce premier import de données réelles est enregistré : l'application ne montre plus "
        "seulement des données de démonstration, et la connexion est désormais nécessaire. "
        "**Connectez-vous avec le compte « marie »** créé avec cet import, et son mot de passe.")
    assert page.text_input[0].value == "marie"  # the name filled in: only the password to type
    page.text_input[1].input("un long secret")
    page.button[0].click().run()
    assert not page.exception, [e.value for e in page.exception]
    assert page.session_state[auth.AUTH]["name"] == "marie"
    assert page.session_state[auth.AUTH]["role"] == "gestionnaire"


def test_a_sheet_that_cannot_be_read_blocks_the_import_without_invalid_lines(store):
    # The participants' entry date under a name the app does not know: only the steps
    # sheet reads. « Importer sans les lignes invalides » would drop every participant.
    from tests.ingest.test_service import _plie_workbook

    at = open_page()
    at.file_uploader[0].set_value(("suivi_plie.xlsx", _plie_workbook("Début d'accompagnement"),
                                   "application/vnd.ms-excel")).run()
    assert_fine(at)
    assert button(at, texts.IMPORT_BUTTON).disabled
    assert button(at, texts.IMPORT_DROP_BUTTON).disabled
    shown = " ".join(c.value for c in at.caption)
    assert "« Participants »" in shown and "perdrait toutes ses lignes" in shown
    assert [e.value for e in at.error] == [texts.IMPORT_SHEET_UNREAD.format(
        sheets="« Participants »")]
    assert store.catalog().imports == []


def ml_extraction() -> bytes:
    """A Mission Locale extraction as an i-milo-like tool writes it: a title block, a sheet
    per table, names and phones to leave out, a « Total » line, dates as Excel serials and
    as text, a phone call and an aid column under names no synonym knows."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    title = [["MISSION LOCALE METROPOLE NORD-OUEST"], ["Extraction i-milo"],
             ["Date d'extraction : 15/01/2026"], []]
    ws = wb.active
    ws.title = "Jeunes"
    for line in [*title, ["N° dossier", "Nom", "Tél. portable", "Sexe", "Né(e) le",
                          "Commune de résidence", "Résident QPV", "Date 1er accueil"],
                 ["J01", "MARTIN", "06 12 34 56 01", "F", 37723, "LAMBERSART", "Oui", "10/01/2025"],
                 ["J02", "BERNARD", "06 12 34 56 02", "H", "01/07/2004", "Marcq en Baroeul", "Non", 45691],
                 ["J03", "THOMAS", "06 12 34 56 03", "F", "30/11/2002", "St André-lez-Lille", "Non",
                  "05/11/2024"],
                 ["Total", "3 jeunes"]]:
        ws.append(line)
    ws = wb.create_sheet("Entretiens")
    for line in [*title, ["N° dossier", "Date de l'entretien", "Nature"],
                 ["J01", 45667, "Entretien individuel"],  # 10/01/2025
                 ["J01", "14/02/2025", "Entretien individuel"],
                 ["J02", "03/02/2025", "Atelier"],
                 ["J02", "05/05/2025", "Échange téléphonique"],
                 ["Total", 4]]:
        ws.append(line)
    ws = wb.create_sheet("Aides financières")
    for line in [*title, ["N° dossier", "Libellé de l'aide", "Date de paiement", "Montant (€)"],
                 ["J01", "Allocation CEJ", "05/02/2025", "528,00"],
                 ["J03", "Allocation PACEA", 45726, "300,50"]]:  # 10/03/2025
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_choice_keeps_its_selector_labels_so_the_browser_keeps_it(store):
    """Streamlit matches the browser's choice by the option's label: once chosen, a column
    or a value left the « non reconnues » list and lost its « — suggéré » label, so the next
    rerun (typing the first account, choosing another value) dropped the column's mapping
    or stored the label itself (« Telephone — suggéré ») and the page crashed."""
    at = upload(open_page(), ml_extraction(), name="extraction_imilo.xlsx")
    column = selector(at, "Colonne « Libellé de l'aide »")
    column_labels = list(column.options)
    assert "Dispositif d'aide (obligatoire) — suggéré" in column_labels
    column.select("scheme").run()
    assert_fine(at)
    assert list(selector(at, "Colonne « Libellé de l'aide »").options) == column_labels

    phone = selector(at, "« Échange téléphonique »")
    phone_labels = list(phone.options)
    assert "Téléphone — suggéré" in phone_labels
    phone.select("telephone").run()
    assert_fine(at)
    assert list(selector(at, "« Échange téléphonique »").options) == phone_labels
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "0"

    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    con = store.connection()
    # by hand: 2 entretiens (J01), 1 atelier and 1 phone call (J02); 2 aids, 528 + 300,50
    assert con.execute("select contact_type, count(*) from ml_contacts group by 1 order by 1"
                       ).fetchall() == [("atelier", 1), ("entretien", 2), ("telephone", 1)]
    assert con.execute("select count(*), sum(amount) from financial_aid").fetchone() == (2, 828.5)
    assert con.execute("select count(*) from ml_young").fetchone() == (3,)


# A PLIE tracking tool's export, its title line above the table: « MARQUETTE » is
# Marquette-lez-Lille (59386) or Marquette-en-Ostrevant (59387).
MARQUETTE = ("Export PLIE — participants\n\n"
             "N° dossier;Civilité;Commune;Date d'entrée\n"
             "P001;Monsieur;Lambersart;03/02/2025\n"
             "P002;Madame;MARQUETTE;10/03/2025\n"
             "P003;Madame;La Madeleine;11/03/2025\n"
             "P004;Monsieur;MARQUETTE;14/04/2025\n")


def test_an_unknown_commune_is_associated_on_the_page_and_remembered(store):
    at = upload(open_page(), MARQUETTE, name="plie.csv")
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "2"
    assert button(at, texts.IMPORT_BUTTON).disabled
    assert texts.IMPORT_COMMUNES_INTRO in [c.value for c in at.caption]
    marquette = selector(at, "« MARQUETTE »")
    assert "(2 ligne(s))" in marquette.label
    # the proposed communes first, then the communes of the file's département
    assert marquette.options[1:3] == ["Marquette-lez-Lille (59386) — suggéré",
                                      "Marquette-en-Ostrevant (59387) — suggéré"]
    assert "Lambersart (59328)" in marquette.options and "Wambrechies (59636)" in marquette.options
    marquette.select("59386").run()
    assert_fine(at)
    assert {m.label: m.value for m in at.metric}[texts.IMPORT_METRIC_INVALID] == "0"
    assert selector(at, "« MARQUETTE »").value == "59386"  # still shown, can be undone
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    # by hand: P002 and P004 in Marquette-lez-Lille, P001 Lambersart, P003 La Madeleine
    rows = dict(store.connection().execute(
        "select code_insee, count(*) from plie_participants group by 1").fetchall())
    assert rows == {"59386": 2, "59328": 1, "59368": 1}
    assert mappings.load_values(store, "plie") == {"commune_name": {"MARQUETTE": "59386"}}

    # next month, a third « MARQUETTE »: nothing to choose, the association applies
    at = upload(at, MARQUETTE + "P005;Madame;MARQUETTE;05/05/2025\n", name="plie_2.csv")
    assert not [s for s in at.selectbox if "« MARQUETTE »" in s.label]
    assert not button(at, texts.IMPORT_BUTTON).disabled
    assert ("Commune «\u00a0MARQUETTE\u00a0» → Marquette-lez-Lille (59386)"
            in " ".join(c.value for c in at.caption))
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    rows = dict(store.connection().execute(
        "select code_insee, count(*) from plie_participants group by 1").fetchall())
    assert rows == {"59386": 3, "59328": 1, "59368": 1}


def test_a_flat_extraction_s_second_table_is_not_offered_as_unrecognised(store):
    # an i-milo extraction, one line per programme: « Dispositif » and its dates are read
    # as the programmes; the page listed them under « Colonnes non reconnues »
    from tests.ingest.test_flat_extractions import imilo

    at = upload(open_page(), imilo(), name="extraction_imilo.xlsx")
    offered = [s.label for s in at.selectbox]
    assert not any("Dispositif" in label or "dispositif" in label for label in offered), offered
    assert "Importer" in labels(at)

def test_one_event_over_the_years_list_is_warned_before_and_after_importer(store):
    """An events sheet is the year's list: a file of one 2025 event replaces the 10 events
    of 2025 (every commune) and keeps those of 2024. Said before « Importer », with a
    warning apart (the manager may have wanted to add one), and after."""
    year = [f"{d:02d}/0{m}/2025;Forum {i};{c};5;50" for i, (d, m, c) in enumerate(
        [(14, 1, "Lambersart"), (6, 2, "Lambersart"), (13, 3, "Pérenchies"),
         (10, 4, "Quesnoy-sur-Deûle"), (22, 5, "Lambersart"), (12, 6, "Pérenchies"),
         (18, 7, "Wambrechies"), (9, 8, "Lambersart"), (20, 9, "Quesnoy-sur-Deûle"),
         (4, 9, "Pérenchies")])]
    year += [f"{d:02d}/1{m}/2024;Salon {i};La Madeleine;8;80" for i, (d, m) in enumerate(
        [(16, 0), (19, 0), (10, 1), (14, 1), (5, 2)])]
    at = upload(open_page(), "\n".join([HEADER, *year]) + "\n", name="evenements_2024_2025.csv")
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    at = upload(at, VALID.replace("12/03/2025;Job dating", "26/06/2025;Job dating transport"),
                name="job_dating.csv")
    replaced, warned = (w.value for w in at.warning)
    assert replaced == (
        "**Cet import remplacera une partie de l'import n° 1** : son événement de 2025 "
        "remplacera les 10 événements de 2025 de l'import n° 1, de toutes les communes ; "
        "ceux de 2024 (5 événements) resteront actifs.")
    assert warned.startswith("**Attention : ce fichier ne contient qu'un événement de 2025, "
                             "mais il remplacera les 10 événements de 2025 de l'import n° 1")
    assert "tous les événements de 2025" in warned
    assert [w.icon for w in at.warning] == [":material/swap_horiz:", ":material/warning:"]
    button(at, texts.IMPORT_BUTTON).click().run()
    assert_fine(at)
    assert ("Son événement de 2025 remplace les 10 événements de 2025 de l'import n° 1, de "
            "toutes les communes ; ceux de 2024 (5 événements) restent actifs.") in at.success[0].value
    assert "Attention" not in at.success[0].value
    (after,) = at.warning
    assert after.value.startswith("**Attention : cet import ne contenait qu'un événement de "
                                  "2025, mais il a remplacé les 10 événements de 2025")
    assert "python -m cli rollback 2" in after.value


def test_the_uploader_speaks_french(store):
    # Streamlit writes « Upload » and « 50MB per file • XLSX… » itself: drawn over in
    # French for this page's uploader (its container carries the class st-key-<key>)
    at = open_page()
    css = " ".join(h.proto.body for h in at.get("html"))
    key = import_view.uploader_key()
    assert f".st-key-{key} " in css
    assert 'content: "Parcourir"' in css
    assert 'content: "50 Mo au plus par fichier • XLSX, XLS, ODS, CSV"' in css


@pytest.mark.parametrize("name,raw,said", [
    ("notes.txt", b"Bonjour,\nvoici les chiffres du mois.\n",
     "n'a été reconnu comme aucun des exports connus"),
    ("envoi.zip", None, "décompressez-la (clic droit > Extraire tout) puis déposez le fichier "
                        "qu'elle contient (« evenements.csv »)"),
])
def test_a_file_of_another_type_reaches_the_page_and_is_refused_in_french(store, name, raw,
                                                                          said):
    """With `type=[…]` the browser refused a .txt or a .zip itself, in English, in a
    tooltip, and the page said nothing: every file now reaches the French check."""
    if raw is None:  # the export zipped to be mailed, as Windows' « Envoyer vers » does
        import io
        import zipfile
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("evenements.csv", VALID)
        raw = buf.getvalue()
    at = open_page()
    assert list(at.file_uploader[0].proto.type) == []  # no extension refused by the browser
    at = upload(at, raw, name=name)
    assert len(at.error) == 1 and said in at.error[0].value
    assert store.catalog().imports == []


def test_no_period_to_type_when_every_date_is_refused(store):
    """« 31/02/2025 » on every line: the page asked to type the period as well, which would
    correct nothing; the errors alone say what to do. A file without any month column still
    gets the note (test_onpv_indicator_columns_are_not_offered_as_unknown_…)."""
    head = "Mois;Code commune;Commune;Catégorie;Nombre de demandeurs d'emploi"
    text = f"{head}\n31/02/2025;59328;Lambersart;A;120\n31/02/2025;59368;La Madeleine;A;80\n"
    at = upload(open_page(), text, name="de.csv")
    assert texts.IMPORT_PERIOD_NOT_FOUND not in [w.value for w in at.warning]
    assert "lignes invalides : 2 sur 2" in at.error[0].value
    assert store.catalog().imports == []


def test_a_wide_sheet_folds_its_many_unrecognised_columns(store):
    """20 extra columns: 12 selectors in view, in the file's order, the 8 others folded
    under « 8 autres colonnes non reconnues »; every one can still be mapped."""
    extra = [f"Colonne {i}" for i in range(1, 20)] + ["Rdv"]
    text = (f"{HEADER};" + ";".join(extra) + "\n"
            + "12/03/2025;Job dating;Lambersart;4;40;" + ";".join("x" for _ in extra[:-1])
            + ";12\n")
    at = upload(open_page(), text)
    selectors = [s.label for s in at.selectbox if s.label.startswith("Colonne «")]
    assert selectors == [f"Colonne « {h} »" for h in extra]
    [folded] = [e for e in at.expander if "autres colonnes" in e.label]
    assert folded.label == "8 autres colonnes non reconnues"
    assert [s.label for s in folded.selectbox] == [f"Colonne « {h} »" for h in extra[12:]]
    rdv = at.selectbox(key=next(s.key for s in at.selectbox if "Rdv" in s.label))
    rdv.select("interviews").run()  # a folded column mapped like the others
    assert_fine(at)
    assert "Colonne « Rdv »" not in [s.label for e in at.expander
                                      if "autres colonnes" in e.label for s in e.selectbox]
