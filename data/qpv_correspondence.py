"""The correspondence between the QPV of 2015 (`QP…` codes of the ONPV files) and those
of 2024 (`QN…`), built by commune and name: `.venv/bin/python -m data.qpv_correspondence`.

No official passage table is available offline, and there is no 1-to-1 mapping in
general (perimeters were redrawn; quarters left the list, others were created). What can
be said from the files at hand is which 2024 quarter bears the name of a 2015 quarter of
the same commune(s). Method, for the QPV of the Métropole européenne de Lille:

1. the 2024 quarters: `geo/data/qpv_2024_mel_liste.csv` (ANCT list, code, name, INSEE
   codes of the communes);
2. the 2015 quarters: `data/ref/qpv-onpv/DEMO_2022.csv` (ONPV, 2015 geography: `CODGEO`,
   `LIBGEO`, `LIB_COM` the names of the communes), the communes named by the COG 2024
   (`data/ref/v_commune_2024.csv`, département 59) to get their INSEE codes; the 2015
   quarters kept are those with a commune among the 2024 list's communes;
3. candidates: a 2015 and a 2024 quarter sharing at least one commune;
4. names compared once normalised (no accents, no punctuation, lower case): the same
   name gives `identique`; a name that contains the other one, or a similarity
   (`difflib.SequenceMatcher` ratio) of at least `MIN_SIMILARITY`, gives `nom_proche`;
5. pairs taken best first (identical, then by similarity), each quarter at most once;
6. a 2024 quarter left alone is `sans_equivalent_2015` (new in 2024, or too renamed to be
   recognised); a 2015 quarter left alone is `sans_equivalent_2024`.

A match says that the figures of the 2015 quarter describe a quarter of that name, not
that the perimeter is the same: pages show the match and its kind next to the figures.
The output is deterministic; `tests/data/test_qpv_correspondence.py` rebuilds it and
compares it with the shipped file.
"""

import csv
import difflib
import io
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIST_2024 = ROOT / "geo" / "data" / "qpv_2024_mel_liste.csv"
ONPV_2015 = ROOT / "data" / "ref" / "qpv-onpv" / "DEMO_2022.csv"
COG = ROOT / "data" / "ref" / "v_commune_2024.csv"
TARGET = ROOT / "data" / "ref" / "qpv-correspondance" / "qpv_2015_2024_mel.csv"

MIN_SIMILARITY = 0.8
COLUMNS = ["code_qpv_2024", "nom_qpv_2024", "insee_2024", "code_qpv_2015", "nom_qpv_2015",
           "insee_2015", "correspondance", "similarite_nom"]
IDENTICAL, CLOSE = "identique", "nom_proche"
NONE_2015, NONE_2024 = "sans_equivalent_2015", "sans_equivalent_2024"


def normalise(name: str) -> str:
    """Lower case, no accents, ligatures spelt out, punctuation as spaces."""
    text = name.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _cog_codes() -> dict[str, str]:
    """{normalised name: INSEE code} of the communes of the Nord (COG 2024)."""
    out = {}
    with COG.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["TYPECOM"] == "COM" and row["DEP"] == "59":
                out[normalise(row["LIBELLE"])] = row["COM"]
    return out


def _quarters_2024() -> list[dict]:
    with LIST_2024.open(encoding="utf-8") as f:
        return [{"code": r["code_qp"], "name": r["lib_qp"],
                 "insee": sorted(c.strip() for c in r["insee_com"].split(","))}
                for r in csv.DictReader(f)]


def _quarters_2015(communes: set[str]) -> list[dict]:
    codes = _cog_codes()
    text = ONPV_2015.read_text(encoding="utf-8-sig")
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        code = (row.get("CODGEO") or "").strip()
        if not code.startswith("QP059"):
            continue
        names = [n.strip() for n in (row.get("LIB_COM") or "").split(",") if n.strip()]
        insee = sorted({codes[normalise(n)] for n in names if normalise(n) in codes})
        if set(insee) & communes:
            out.append({"code": code, "name": row["LIBGEO"].strip(), "insee": insee})
    return out


def _score(a: str, b: str) -> tuple[str | None, float]:
    na, nb = normalise(a), normalise(b)
    ratio = round(difflib.SequenceMatcher(None, na, nb).ratio(), 2)
    if na == nb:
        return IDENTICAL, 1.0
    contained = f" {na} " in f" {nb} " or f" {nb} " in f" {na} "
    if contained or ratio >= MIN_SIMILARITY:
        return CLOSE, ratio
    return None, ratio


def build() -> list[dict]:
    """The rows of the correspondence, 2024 quarters in code order, then the 2015 ones
    left alone."""
    new = _quarters_2024()
    old = _quarters_2015({c for q in new for c in q["insee"]})
    pairs = []
    for n in new:
        for o in old:
            if not set(n["insee"]) & set(o["insee"]):
                continue
            kind, ratio = _score(o["name"], n["name"])
            if kind:
                pairs.append((kind != IDENTICAL, -ratio, n["code"], o["code"], kind, ratio))
    pairs.sort()
    taken_new: dict[str, tuple] = {}
    taken_old: set[str] = set()
    for _, _, new_code, old_code, kind, ratio in pairs:
        if new_code in taken_new or old_code in taken_old:
            continue
        taken_new[new_code] = (old_code, kind, ratio)
        taken_old.add(old_code)
    by_code = {o["code"]: o for o in old}
    rows = []
    for n in sorted(new, key=lambda q: q["code"]):
        row = {"code_qpv_2024": n["code"], "nom_qpv_2024": n["name"],
               "insee_2024": " ".join(n["insee"])}
        if n["code"] in taken_new:
            old_code, kind, ratio = taken_new[n["code"]]
            o = by_code[old_code]
            row |= {"code_qpv_2015": o["code"], "nom_qpv_2015": o["name"],
                    "insee_2015": " ".join(o["insee"]), "correspondance": kind,
                    "similarite_nom": f"{ratio:.2f}"}
        else:
            row |= {"code_qpv_2015": "", "nom_qpv_2015": "", "insee_2015": "",
                    "correspondance": NONE_2015, "similarite_nom": ""}
        rows.append(row)
    for o in sorted(old, key=lambda q: q["code"]):
        if o["code"] not in taken_old:
            rows.append({"code_qpv_2024": "", "nom_qpv_2024": "", "insee_2024": "",
                         "code_qpv_2015": o["code"], "nom_qpv_2015": o["name"],
                         "insee_2015": " ".join(o["insee"]), "correspondance": NONE_2024,
                         "similarite_nom": ""})
    return rows


def render(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(build()), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)} written")


if __name__ == "__main__":
    main()
