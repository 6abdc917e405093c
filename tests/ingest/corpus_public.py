"""Files written as the public statistics and the partners' tools write them, built here.

Each builder returns `(file name, bytes)` in the layout of `shared/domain/export-formats.md`:
encoding, separator, line ends, title and footer lines, total rows, rounding, secret
markers. The figures a test expects are the literal values below (or sums of them): the
files are written from these values, and the tests add them up themselves, never read
them back from the importer.

- France Travail open data (§1.3, retreated form): `codgeo,YEAR,Demandeurs_Emploi`,
  comma, LF, no BOM, `janvier_2023` … `decembre_2024` without accents, values rounded to
  10, département (`59`) and region (`reg32`) rows mixed with communes.
- Dares quarterly commune file (§1.2): UTF-8 BOM, `;`, CRLF, 12 columns, `2022-T4` …
  `2024-T4`, categories `ABC` and `A`, sex and age margins with `Total`, counts rounded to
  5, cumulative rows with `Code commune` = `Total`.
- France Travail statistics export (STMT, §1.3): 3 title lines, `Mois` then one column per
  month (`janvier 2024`), territory and code glued (`Tourcoing 59599`), space as thousands
  separator, `*` for the secret, a département line, 3 footer lines; cp1252.
- ONPV IPRO and DEMO (§1.4, §2.3): the real 2018 IPRO and 2022 DEMO files of data/ref, and
  a 2022 IPRO and a 2021 DEMO (`data_DEMO_2021_V1_QP.csv`: quoted, no names, no thousands
  separator) in the layouts the domain notes describe.
- A job-seeker extract with merged communes (Béon 01039 inside Culoz-Béon 01138), real
  communes whose names start like totals (Nordausques, Francescas, Nordheim, Nordhouse),
  département rows (`59`, `2A`), a « Total » row without code, a conflicting duplicate and
  an identical one.
- Insertion-clause hours from a clause facilitator's tool: a title line, « N° salarié »,
  « Code INSEE du chantier », « Code INSEE domicile », « Heures effectuées », names kept
  next to the figures (never stored).
"""

import io
from pathlib import Path

import pandas as pd

REF = Path(__file__).resolve().parents[2] / "data" / "ref"
NNBSP = "\u202f"

MONTHS_ASCII = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
                "septembre", "octobre", "novembre", "decembre"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

# -- France Travail open data: MELT communes, December stocks (rounded to 10) ----------------
OPENDATA_DEC = {
    2023: {"59090": 410, "59098": 290, "59152": 980, "59173": 90, "59279": 1490, "59352": 540,
           "59421": 860, "59426": 470, "59599": 13780, "59643": 130, "59656": 380},
    2024: {"59090": 420, "59098": 300, "59152": 1010, "59173": 100, "59279": 1520,
           "59352": 560, "59421": 870, "59426": 480, "59599": 13910, "59643": 140, "59656": 390},
}
OPENDATA_OTHER = {"62618": 30, "47102": 20}  # Nordausques, Francescas: communes, not totals


def _opendata_value(code: str, year: int, month: int) -> int:
    """Every month but December: the December figure plus 10 per month before it."""
    dec = OPENDATA_DEC[year].get(code, OPENDATA_OTHER.get(code))
    return dec + 10 * (12 - month)


def francetravail_opendata() -> tuple[str, bytes]:
    lines = ["codgeo,YEAR,Demandeurs_Emploi"]
    for year in (2023, 2024):
        for month in range(1, 13):
            label = f"{MONTHS_ASCII[month - 1]}_{year}"
            for code in [*OPENDATA_DEC[year], *OPENDATA_OTHER]:
                lines.append(f"{code},{label},{_opendata_value(code, year, month)}")
            lines.append(f"59,{label},{245000 + 100 * month}")  # the Nord département
            lines.append(f"reg32,{label},{520000 + 100 * month}")  # Hauts-de-France
    return "demandeurs_emploi_communes.csv", ("\n".join(lines) + "\n").encode("utf-8")


# -- Dares quarterly file: MNO communes at 2024-T4 (counts rounded to 5) ---------------------
# code: (ABC total, ABC hommes, ABC femmes, ABC < 25 ans, 25-49 ans, 50 ans et plus, A total)
# Hommes + Femmes and the age bands do not add up to the total exactly (rounding to 5).
DARES_2024T4 = {
    "59368": (1140, 560, 575, 160, 705, 270, 690),
    "59328": (1530, 745, 790, 215, 940, 375, 910),
    "59356": (45, 20, 25, 5, 30, 10, 25),
    "59378": (2115, 1030, 1080, 300, 1300, 515, 1265),
    "59386": (790, 395, 400, 120, 480, 190, 480),
    "59457": (615, 300, 310, 90, 375, 150, 370),
    "59482": (310, 150, 155, 45, 190, 75, 185),
    "59527": (920, 450, 470, 130, 565, 225, 555),
    "59611": (95, 45, 50, 15, 55, 25, 55),
    "59636": (720, 350, 365, 100, 440, 180, 430),
    "33063": (29190, 15120, 14070, 4385, 17810, 7000, 17500),  # Bordeaux, outside MNO
}
DARES_HEADER = ("Date;Code région;Région;Code département;Département;Code commune;Commune;"
                "Type de données;Catégorie;Sexe;Tranche d'âge;Nombre de demandeurs d'emploi")
DARES_NAMES = {"59368": "La Madeleine", "59328": "Lambersart", "59356": "Lompret",
               "59378": "Marcq-en-Barœul", "59386": "Marquette-lez-Lille", "59457": "Pérenchies",
               "59482": "Quesnoy-sur-Deûle", "59527": "Saint-André-lez-Lille",
               "59611": "Verlinghem", "59636": "Wambrechies", "33063": "Bordeaux"}


def _dares_quarter(year: int, code: str) -> tuple:
    """2024-T4 as above; earlier fourth quarters 5 % lower per year, rounded to 5."""
    values = DARES_2024T4[code]
    if year == 2024:
        return values
    factor = 0.95 ** (2024 - year)
    return tuple(int(round(v * factor / 5)) * 5 for v in values)


def dares_quarterly() -> tuple[str, bytes]:
    lines = [DARES_HEADER]
    for year in (2022, 2023, 2024):
        date = f"{year}-T4"
        lines.append(f"{date};Total;Total;Total;Total;Total;Total France métropolitaine;Brutes;"
                     f"ABC;Total;Total;{5537925 - 1000 * (2024 - year)}")
        lines.append(f"{date};Total;Total;Total;Total;Total;Non localisés en France "
                     f"métropolitaine;Brutes;ABC;Total;Total;4375")
        for code, name in DARES_NAMES.items():
            total, men, women, young, mid, old, cat_a = _dares_quarter(year, code)
            region, dep, dep_name = (("32", "59", "Nord") if code.startswith("59")
                                     else ("75", "33", "Gironde"))
            region_name = "Hauts-de-France" if region == "32" else "Nouvelle-Aquitaine"
            where = f"{date};{region};{region_name};{dep};{dep_name};{code};{name};Brutes"
            for cat, sex, age, n in (("ABC", "Total", "Total", total),
                                     ("ABC", "Hommes", "Total", men),
                                     ("ABC", "Femmes", "Total", women),
                                     ("ABC", "Total", "Moins de 25 ans", young),
                                     ("ABC", "Total", "De 25 à 49 ans", mid),
                                     ("ABC", "Total", "50 ans et plus", old),
                                     ("A", "Total", "Total", cat_a)):
                lines.append(f"{where};{cat};{sex};{age};{n}")
    text = "\ufeff" + "\r\n".join(lines) + "\r\n"
    return "dares_defm_communales-brutes.csv", text.encode("utf-8")


# -- France Travail STMT export: one column per month of 2024 --------------------------------
STMT_DEC_2024 = {"Tourcoing 59599": 13910, "Halluin 59279": 1520, "Comines 59152": 1010,
                 "Mouvaux 59421": 870, "Linselles 59352": 560, "Bondues 59090": 420}
STMT_BAD = {"Neuville-en-Ferrain 59426": {3: "n.c"}, "Wervicq-Sud 59656": {5: "12O", 9: "??"}}


def _stmt_cell(n: int) -> str:
    return f"{n:,}".replace(",", " ")  # ordinary space as thousands separator


def stmt_monthly() -> tuple[str, bytes]:
    lines = ["Demandeurs d'emploi inscrits à France Travail en fin de mois",
             "Catégories A, B, C - communes de plus de 5 000 habitants",
             "",
             "Mois;" + ";".join(f"{MONTHS_FR[m]} 2024" for m in range(12))]
    for name, dec in STMT_DEC_2024.items():
        lines.append(name + ";" + ";".join(_stmt_cell(dec + 10 * (11 - m)) for m in range(12)))
    for name, bad in STMT_BAD.items():
        lines.append(name + ";" + ";".join(bad.get(m, _stmt_cell(480 - m)) for m in range(12)))
    lines.append("Warneton 59643;" + ";".join("*" for _ in range(12)))  # secret, never 0
    lines.append("Nord 59;" + ";".join(_stmt_cell(245000 + 100 * m) for m in range(12)))
    lines += ["", "Source : France Travail, STMT", "Données brutes",
              "Champ : France entière"]
    return "stmt_defm_2024.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252")


# -- ONPV -------------------------------------------------------------------------------------
IPRO_2022_ROWS = {  # CODGEO: (LIBGEO, ABC, ABC_F, A, ABC_25, TX_TOT_EDLIM); "" = secret
    "QP059087": ("La Bourgogne", 1204, 571, 905, 188, "21,4"),
    "QP059072": ("Pacot - Vandracq", 163, 80, "", 14, "18,9"),
    "QP001001": ("Grande Reyssouze Terre Des Fleurs", 840, 402, 611, 120, "25,0"),
}


def _thousands(n) -> str:
    return f"{n:,}".replace(",", NNBSP) if isinstance(n, int) else n


def ipro_2022() -> tuple[str, bytes]:
    """IPRO 2022 layout: no « Ensemble » row, TX_TOT_EDLIM instead of TX_TOT_EPREC, a header
    with a trailing space, U+202F thousands, empty trailing columns, BOM, CRLF."""
    trailing = ";" * 160
    lines = ["CODGEO;LIBGEO;TX_TOT_EMPL;TX_TOT_EDLIM;ABC;ABC_F;ABC_H;A;ABC_25;ABC_2649;ABC_50;"
             "NOTE_PE;EVOL_CA_N_E " + trailing]
    for code, (name, abc, abc_f, a, abc_25, edlim) in IPRO_2022_ROWS.items():
        abc_h = abc - abc_f
        lines.append(f"{code};{name};50,1;{edlim};{_thousands(abc)};{_thousands(abc_f)};"
                     f"{_thousands(abc_h)};{_thousands(a)};{abc_25};;;0;1,5" + trailing)
    return "IPRO_2022.csv", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def ipro_2018() -> tuple[str, bytes]:
    return "IPRO_2018.csv", (REF / "qpv-onpv" / "IPRO_2018.csv").read_bytes()


DEMO_2021_ROWS = {"QP059087": (6712, 26, 97810, "51,1"), "QP059072": (1310, 5, 27388, "53,0")}


def demo_2021() -> tuple[str, bytes]:
    """The second DEMO layout: quoted fields, no names, no thousands separator."""
    lines = ['"CODGEO";"POP_MUN";"NB_QP";"POP_COM";"TX_F";"TX_TOT_0A24"']
    for code, (pop, nb, pop_com, tx_f) in DEMO_2021_ROWS.items():
        lines.append(f'"{code}";"{pop}";"{nb}";"{pop_com}";"{tx_f}";"33,3"')
    return "data_DEMO_2021_V1_QP.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8")


def demo_2022() -> tuple[str, bytes]:
    return "DEMO_2022.csv", (REF / "qpv-onpv" / "DEMO_2022.csv").read_bytes()


# -- job seekers with merged communes, aggregates and duplicates ------------------------------
MERGED_ROWS = [  # Mois, Code commune, Commune, Catégorie, Nombre (lines 3… of the sheet)
    ("décembre 2024", "01138", "Culoz-Béon", "A", 100),
    ("décembre 2024", "01138", "Culoz-Béon", "B", 20),
    ("décembre 2024", "01138", "Culoz-Béon", "C", 10),
    ("décembre 2024", "01039", "Béon", "A", 7),  # merged into Culoz-Béon (COG 2024)
    ("décembre 2024", "01039", "Béon", "B", 3),
    ("décembre 2024", "01039", "Béon", "C", 1),
    ("décembre 2024", "62618", "NORDAUSQUES", "ABC", 35),
    ("décembre 2024", "47102", "FRANCESCAS", "ABC", 25),
    ("décembre 2024", "67336", "NORDHOUSE", "ABC", 60),
    ("décembre 2024", "67335", "NORDHEIM", "ABC", 40),
    ("décembre 2024", "67335", "NORDHEIM", "ABC", 45),  # same key, another value: error
    ("décembre 2024", "47102", "FRANCESCAS", "ABC", 25),  # identical copy: warning
    ("décembre 2024", "2A", "CORSE-DU-SUD", "ABC", 9000),  # a département
    ("décembre 2024", "59", "NORD", "ABC", 245000),  # a département
    ("décembre 2024", None, "Total", "ABC", 254341),  # a total without code
]
MERGED_FIRST_ROW = 3  # a title line, then the header on line 2


def merged_communes() -> tuple[str, bytes]:
    df = pd.DataFrame(MERGED_ROWS, columns=["Mois", "Code commune", "Commune", "Catégorie",
                                            "Nombre de demandeurs d'emploi"])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name="DEFM", index=False, startrow=1)
        w.sheets["DEFM"].write(0, 0, "Extraction agence France Travail - demandeurs ABC")
    return "extraction_agence.xlsx", buf.getvalue()


# -- insertion-clause hours, another tool's layout ---------------------------------------------
CLAUSE_ROWS = [  # Opération, Maître d'ouvrage, chantier, N° salarié, Nom, Prénom, domicile,
    # mois, heures effectuées
    ("Réhabilitation groupe scolaire", "Ville de Lambersart", "59328", "S-001", "Martin", "Léa",
     "59328", "janv.-25", "120,5"),
    ("Réhabilitation groupe scolaire", "Ville de Lambersart", "59328", "S-002", "Bernard",
     "Yanis", "59599", "janv.-25", "80"),
    ("Voirie rue de Lille", "MEL", "59378", "S-001", "Martin", "Léa", "59328", "févr.-25",
     "35"),
    ("Voirie rue de Lille", "MEL", "59378", "S-003", "Petit", "Inès", "59368", "févr.-25",
     "151,67"),
]


def clause_hours() -> tuple[str, bytes]:
    df = pd.DataFrame(CLAUSE_ROWS, columns=[
        "Intitulé de l'opération", "Maître d'ouvrage", "Code INSEE du chantier", "N° salarié",
        "Nom", "Prénom", "Code INSEE domicile", "Mois de réalisation", "Heures effectuées"])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name="Suivi des heures", index=False, startrow=2)
        w.sheets["Suivi des heures"].write(0, 0, "Suivi des clauses sociales - heures par "
                                                 "salarié et par mois")
    return "suivi_clauses_2025.xlsx", buf.getvalue()
