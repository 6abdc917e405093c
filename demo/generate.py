"""Demo data: synthetic records written as the spreadsheets managers upload, then imported.

The records (`demo/records.py`) reproduce the seed reports' key figures; this module
writes them in the layouts of the real exports (title lines, French labels, postal codes
instead of INSEE codes, Oui/Non…) and loads them through the same import code as a
manager's file, so the demo also exercises the importer end to end.
"""

import functools
from pathlib import Path

import pandas as pd

from data import reference
from data.catalog import DEMO_USER
from data.store import Store

SEX_LABELS = {"F": "Femme", "H": "Homme"}
AGE_LABELS = {"moins_25": "Moins de 25 ans", "25_49": "De 25 à 49 ans", "50_plus": "50 ans et plus"}
DURATION_LABELS = {"moins_12m": "Moins d'un an", "12_23m": "De 1 à 2 ans", "24m_plus": "2 ans et plus"}
LEVEL_LABELS = {1: "Jamais scolarisé", 2: "Sans diplôme", 3: "CAP / BEP", 4: "Baccalauréat",
                5: "Bac+2", 6: "Licence", 7: "Master", 8: "Doctorat"}
CONTACT_LABELS = {"entretien": "Entretien individuel", "atelier": "Atelier", "telephone": "Téléphone",
                  "courriel": "Courriel", "sms": "SMS"}
SITUATION_LABELS = {"emploi": "Emploi", "alternance": "Contrat en Alternance", "formation": "Formation",
                    "immersion": "Immersion en entreprise",
                    "volontariat": "Contrat de volontariat - bénévolat", "scolarite": "Scolarité"}
EVENT_ROLE_LABELS = {"organise": "Maison de l'Emploi", "participation": "Participation"}
AID_LABELS = {"allocation_cej": "Allocation CEJ", "allocation_pacea": "Allocation PACEA",
              "fajem": "FAJeM", "fonds_ml": "Fonds ML", "fonds_ml_repas": "Fonds ML - repas",
              "mobilite": "Aide mobilité"}
FAMILY_LABELS = {"emploi": "Emploi", "formation": "Formation", "mobilisation": "Mobilisation",
                 "social": "Social"}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]


@functools.cache
def _postal_codes() -> dict[str, str]:
    """One postal code per INSEE code (the first La Poste gives)."""
    from settings import REF_DIR
    lp = pd.read_csv(REF_DIR / "laposte_hexasmal.csv", sep=";", dtype=str)
    return lp.drop_duplicates("Code_commune_INSEE").set_index("Code_commune_INSEE")["Code_postal"].to_dict()


def _yes_no(s: pd.Series) -> pd.Series:
    return s.map(lambda v: None if v is None or pd.isna(v) else ("Oui" if v else "Non"))


def _residence(df: pd.DataFrame) -> dict[str, pd.Series]:
    postal, names = _postal_codes(), reference.commune_names()
    return {"Code postal": df["code_insee"].map(postal), "Commune": df["code_insee"].map(names),
            "QPV": df["qpv_code"].fillna("Non")}


def _sheets(territory: str, records: dict[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    """File name -> sheet name -> frame with the export's own headers."""
    names = reference.commune_names()
    js = records["job_seekers"]
    de = pd.DataFrame({
        "Mois": js["month"].map(lambda d: f"{MONTHS_FR[d.month - 1]} {d.year}"),
        "Code commune": js["code_insee"], "Commune": js["code_insee"].map(names),
        "Catégorie": js["category"], "Sexe": js["sex"].map({"F": "Femmes", "H": "Hommes"}),
        "Tranche d'âge": js["age_band"].map(AGE_LABELS),
        "Ancienneté d'inscription": js["duration_band"].map(DURATION_LABELS),
        "Nombre de demandeurs d'emploi": js["count"],
    })
    pp = records["plie_participants"]
    participants = pd.DataFrame({
        "Identifiant": pp["person_id"], "Sexe": pp["sex"].map(SEX_LABELS),
        "Date de naissance": pp["birth_date"], **_residence(pp),
        "Bénéficiaire du RSA": _yes_no(pp["rsa"]),
        "Niveau de formation": pp["education_level"].map(LEVEL_LABELS),
        "Prescripteur": pp["prescriber"], "Date d'entrée": pp["entry_date"],
        "Date de sortie": pp["exit_date"], "Motif de sortie": pp["exit_reason"],
    })
    ps = records["plie_steps"]
    steps = pd.DataFrame({
        "Identifiant": ps["person_id"], "Famille d'étape": ps["family"].map(FAMILY_LABELS),
        "Étape": ps["step_type"], "Date de début": ps["start_date"], "Date de fin": ps["end_date"],
        "Qualifiante": _yes_no(ps["qualifying"]),
    })
    my = records["ml_young"]
    young = pd.DataFrame({
        "Identifiant jeune": my["person_id"], "Sexe": my["sex"].map(SEX_LABELS),
        "Date de naissance": my["birth_date"], **_residence(my),
        "Niveau de formation": my["education_level"].map(LEVEL_LABELS),
        "Date de premier accueil": my["registration_date"],
    })
    mc = records["ml_contacts"]
    contacts = pd.DataFrame({"Identifiant jeune": mc["person_id"], "Date du contact": mc["contact_date"],
                             "Type de contact": mc["contact_type"].map(CONTACT_LABELS)})
    mp = records["ml_programmes"]
    programmes = pd.DataFrame({"Identifiant jeune": mp["person_id"], "Dispositif": mp["programme"],
                               "Date de début": mp["start_date"], "Date de fin": mp["end_date"],
                               "Motif de sortie": mp["exit_reason"]})
    ms = records["ml_situations"]
    situations = pd.DataFrame({"Identifiant jeune": ms["person_id"],
                               "Catégorie de situation": ms["category"].map(SITUATION_LABELS),
                               "Date de début": ms["start_date"], "Date de fin": ms["end_date"]})
    fa = records["financial_aid"]
    aid = pd.DataFrame({"Identifiant jeune": fa["person_id"], "Dispositif d'aide": fa["scheme"].map(AID_LABELS),
                        "Date de paiement": fa["payment_date"], "Montant": fa["amount"].astype(float)})
    ev = records["mde_events"]
    events = pd.DataFrame({"Date": ev["event_date"], "Événement": ev["name"],
                           "Commune": ev["code_insee"].map(names), "Exposants": ev["exhibitors"],
                           "Participants": ev["participants"], "Entretiens": ev["interviews"]})
    if "role" in ev:  # (records built elsewhere, tests/proof/secret_store.py, have none)
        events["Organisateur"] = ev["role"].map(EVENT_ROLE_LABELS)
    ch = records["clause_hours"]
    clauses = pd.DataFrame({"Mois": ch["month"], "Opération": ch["operation"],
                            "Code commune opération": ch["operation_insee"],
                            "Identifiant": ch["person_id"], "Code commune résidence": ch["resident_insee"],
                            "Heures réalisées": ch["hours"].astype(float)})
    t = territory
    return {
        f"demandeurs_emploi_{t}.xlsx": {"Demandeurs d'emploi": de},
        f"plie_{t}.xlsx": {"Participants": participants, "Étapes": steps},
        f"mission_locale_{t}.xlsx": {"Jeunes": young, "Contacts": contacts, "Dispositifs": programmes,
                                     "Situations": situations, "Aides financières": aid},
        f"evenements_{t}.xlsx": {"Événements": events},
        f"clauses_{t}.xlsx": {"Heures": clauses},
    }


TITLES = {
    "Demandeurs d'emploi": ["Demandeurs d'emploi en fin de mois par commune",
                            "Catégories A, B, C - données brutes"],
}
FOOTERS = {"Demandeurs d'emploi": "Source : France Travail, STMT - traitement Maison de l'Emploi"}


def write_files(territory: str, out_dir: Path, records: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write the demo exports of one territory into `out_dir`; returns the file paths."""
    from demo.records import build_records

    records = records or build_records(territory)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, sheets in _sheets(territory, records).items():
        path = out_dir / file_name
        with pd.ExcelWriter(path, engine="xlsxwriter",
                            datetime_format="dd/mm/yyyy", date_format="dd/mm/yyyy") as writer:
            for sheet, df in sheets.items():
                titles = TITLES.get(sheet, [])
                start = len(titles) + 1 if titles else 0
                df.to_excel(writer, sheet_name=sheet, index=False, startrow=start)
                ws = writer.sheets[sheet]
                for i, title in enumerate(titles):
                    ws.write(i, 0, title)
                if sheet in FOOTERS:
                    ws.write(start + len(df) + 2, 0, FOOTERS[sheet])
        paths.append(path)
    return paths


def load(store: Store, territories: tuple[str, ...] = ("mno", "melt"), log=print) -> list:
    """Write and import the demo files of each territory, through the import pipeline."""
    from ingest.pipeline import commit, prepare

    records = []
    for territory in territories:
        for path in write_files(territory, store.data_dir / "demo" / territory):
            prepared = prepare(store, path.read_bytes(), path.name, territory=territory)
            rec = commit(store, prepared, user=DEMO_USER)
            log(f"  {path.name} : {rec.rows_stored} lignes ({prepared.source}, {prepared.period})")
            records.append(rec)
    return records
