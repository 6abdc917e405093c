"""A corpus of bad or hostile files, built here: each must get a French message, no traceback."""

import io
import zipfile

import pandas as pd

GOOD_EVENTS = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;4;40\n"


def _xlsx(df: pd.DataFrame, sheet: str = "Feuille1", **kw) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name=sheet, index=False, **kw)
    return buf.getvalue()


def _good_xlsx() -> bytes:
    return _xlsx(pd.DataFrame({"Date": ["12/03/2025"], "Événement": ["Forum"], "Commune": ["Lambersart"],
                               "Exposants": [4], "Participants": [40]}))


def _zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _bomb(size: int) -> bytes:
    """An xlsx-looking zip whose sheet inflates to `size` bytes."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                 "xl/worksheets/sheet1.xml": b"0" * size})


def _ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra + b"\x00" * 1024


def bad_files(bomb_size: int) -> list[tuple[str, str, bytes]]:
    """(case, file name, bytes): every one must be refused with a French message."""
    good = _good_xlsx()
    wide = ";".join(f"C{i}" for i in range(100_000)) + "\n" + ";".join("1" for _ in range(100_000))
    cases = [
        ("vide", "vide.xlsx", b""),
        ("vide csv", "vide.csv", b""),
        ("pdf renommé", "rapport.xlsx", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("png renommé", "image.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        ("jpeg renommé", "photo.xls", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
        ("exécutable", "outil.xlsx", b"MZ\x90\x00" + b"\x00" * 300),
        ("xlsx tronqué", "tronque.xlsx", good[: len(good) // 2]),
        ("xlsx tronqué court", "tronque2.xlsx", good[:100]),
        ("zip sans classeur", "archive.xlsx", _zip({"notes.txt": b"bonjour"})),
        ("zip vide", "zipvide.xlsx", _zip({})),
        ("docx renommé", "lettre.xlsx", _zip({"[Content_Types].xml": b"<Types/>",
                                              "word/document.xml": b"<w:document/>"})),
        ("ole2 chiffré", "protege.xlsx", _ole2("EncryptedPackage".encode("utf-16-le"))),
        ("ole2 vide", "ancien.xls", _ole2()),
        ("binaire aléatoire", "donnees.ods", bytes(range(256)) * 20),
        ("html renommé", "export.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
        ("zip bomb", "bombe.xlsx", _bomb(bomb_size)),
        ("200 Mo", "enorme.csv", b"a;b\n" + b"1;2\n" * 50_000_000),
        ("en-têtes seuls csv", "entetes.csv", b"Date;Evenement;Commune;Exposants;Participants\n"),
        ("en-têtes seuls xlsx", "entetes.xlsx",
         _xlsx(pd.DataFrame(columns=["Date", "Événement", "Commune", "Exposants", "Participants"]))),
        ("feuille vide", "feuille_vide.xlsx", _xlsx(pd.DataFrame())),
        ("texte libre", "notes.csv", b"Bonjour, voici les chiffres du mois.\nCordialement\n"),
        ("séparateurs seuls", "points_virgules.csv", b";;;;\n;;;;\n;;;;\n"),
        ("100 000 colonnes", "large.csv", wide.encode()),
        ("colonnes inconnues", "inconnu.csv", b"Alpha;Beta;Gamma\n1;2;3\n4;5;6\n"),
        ("communes inconnues", "communes.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Atlantide;4;40\n"
         "13/03/2025;Salon;Gotham;2;10\n".encode()),
        ("code commune inconnu", "codes.csv",
         b"Date;Evenement;Code commune;Exposants;Participants\n12/03/2025;Forum;99999;4;40\n"),
        ("dates impossibles", "dates.csv",
         "Date;Événement;Commune;Exposants;Participants\n31/02/2025;Forum;Lambersart;4;40\n".encode()),
        ("dates futures", "futur.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2099;Forum;Lambersart;4;40\n".encode()),
        ("nombres illisibles", "nombres.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;quatre;40\n".encode()),
        ("effectif négatif", "negatif.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;-4;40\n".encode()),
        # the same event twice with different figures (an identical copy is only a warning)
        ("lignes en double", "doublons.csv",
         (GOOD_EVENTS + GOOD_EVENTS.splitlines()[1].replace(";40", ";41") + "\n").encode()),
        ("formule dans une commune", "formule.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;=HYPERLINK(\"http://x\");4;40\n".encode()),
        ("script dans une commune", "script.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;<script>alert(1)</script>;4;40\n".encode()),
        ("source imposée fausse", "evenements_plie.csv", GOOD_EVENTS.encode()),
        ("colonne obligatoire absente", "sans_date.csv",
         "Événement;Commune;Exposants;Participants\nForum;Lambersart;4;40\n".encode()),
        ("utf-16 illisible", "utf16.csv", "Alpha;Beta\n1;2\n".encode("utf-16")),
        ("xlsx sans en-tête reconnu", "chiffres.xlsx", _xlsx(pd.DataFrame({"x": [1, 2], "y": [3, 4]}))),
        ("mois illisibles", "stmt.csv", b"Mois;janvier 2020;fevrier 2020\nTourcoing 59599;abc;12\n"),
        ("QPV sans année", "onpv.csv", b"CODGEO;LIBGEO;ABC;ABC_F;A\nQP059087;La Bourgogne;1;2;3\n"),
        ("sexe inconnu PLIE", "plie.csv",
         ("N° participant;Sexe;Date de naissance;Code postal;Commune;Date d'entrée\n"
          "A1;X;01/01/1980;59130;Lambersart;01/02/2025\n").encode()),
    ]
    return cases


def hostile_but_valid() -> list[tuple[str, str, bytes]]:
    """Files that import, but whose hostile text must stay inert text."""
    return [
        ("formule dans un nom d'événement", "formules.csv",
         "Date;Événement;Commune;Exposants;Participants\n12/03/2025;=cmd|'/C calc'!A0;Lambersart;4;40\n"
         "13/03/2025;@SUM(1+1);Lambersart;2;20\n".encode()),
        ("script dans un en-tête", "script_entete.csv",
         "Date;Événement;Commune;Exposants;Participants;<script>alert(1)</script>\n"
         "12/03/2025;Forum;Lambersart;4;40;x\n".encode()),
        ("nom de fichier malveillant", "../../../etc/passwd;rm -rf ~.csv", GOOD_EVENTS.encode()),
        ("nom de feuille malveillant", "feuille.xlsx",
         _xlsx(pd.DataFrame({"Date": ["12/03/2025"], "Événement": ["Forum"], "Commune": ["Lambersart"],
                             "Exposants": [4], "Participants": [40]}), sheet="=1+1<img src=x>")),
    ]
