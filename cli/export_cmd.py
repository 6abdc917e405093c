"""`python -m cli export`: the workbook, the slides or the printable fiche of a territory.

The format follows the extension of `--out`: `.xlsx` (the territory's workbook, or the
commune's with `--commune`), `.pptx` (the Assemblée générale) or `.html` (the printable
fiche of `--commune`). The figures are the pages' (same queries, same secret rule for
the role; default `elu`, masked). `--communes` limits the detail to some communes, as for
an élu whose account lists them (the territory's totals stay whole). The file is written
next to its destination, then renamed: an interrupted export never leaves half a file.
"""

import os
import sys
import tempfile
from pathlib import Path

from data import territories
from data.store import Store
from wording import texts

EXIT_USAGE = 2
FORMATS = (".xlsx", ".pptx", ".html")
ROLES = ("gestionnaire", "elu", "lecteur")


def configure(p) -> None:
    """The arguments of the `export` sub-command (p: an argparse parser)."""
    p.add_argument("--territory", required=True, metavar="TERRITOIRE",
                   help=f"Territoire (obligatoire) : {', '.join(territories.definitions())}.")
    p.add_argument("--year", required=True, type=int, metavar="ANNÉE",
                   help="Année des chiffres (obligatoire), par exemple 2025.")
    p.add_argument("--commune", metavar="INSEE",
                   help="Code INSEE d'une commune du territoire : son classeur ou sa fiche.")
    p.add_argument("--role", choices=ROLES, default="elu",
                   help="Profil du destinataire : le secret statistique s'applique sauf "
                        "pour « gestionnaire » (par défaut : elu).")
    p.add_argument("--communes", nargs="+", metavar="INSEE",
                   help="Ne détailler que ces communes, comme pour un élu dont le compte "
                        "les liste (les totaux du territoire restent entiers).")
    p.add_argument("--out", required=True, metavar="FICHIER",
                   help="Fichier à écrire (obligatoire) : .xlsx (classeur), .pptx (assemblée "
                        "générale) ou .html (fiche commune à imprimer).")


def _fail(message: str) -> int:
    sys.stderr.write(f"Erreur : {message}\n")
    return EXIT_USAGE


def write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args, store: Store) -> int:
    from exports import excel, fiche, slides
    from queries.context import ScopeError, available_years, territory_communes

    out = Path(args.out)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        return _fail(f"--out doit finir par {', '.join(FORMATS)} (reçu « {out.name} »).")
    if not out.parent.is_dir():
        return _fail(f"dossier introuvable : {out.parent}")
    if args.territory not in territories.definitions():
        return _fail(f"territoire inconnu « {args.territory} » "
                     f"(territoires : {', '.join(territories.definitions())}).")
    in_territory = territory_communes(args.territory)
    if args.commune and args.commune not in in_territory:
        return _fail(f"la commune {args.commune} n'appartient pas au territoire "
                     f"« {args.territory} ».")
    communes = args.communes
    outside = [c for c in communes or () if c not in in_territory]
    if outside:
        return _fail(f"commune(s) hors du territoire « {args.territory} » : "
                     f"{', '.join(outside)}.")
    if args.commune and communes is not None and args.commune not in communes:
        return _fail(f"--commune {args.commune} n'est pas parmi les communes de --communes.")
    if ext == ".html" and not args.commune:
        return _fail("la fiche à imprimer (.html) est celle d'une commune : ajoutez --commune.")
    if ext == ".pptx" and args.commune:
        return _fail("la présentation (.pptx) est celle du territoire : retirez --commune.")
    con = store.connection()
    years = available_years(con, args.territory)
    if args.year not in years:
        listed = ", ".join(map(str, years)) or "aucune"
        return _fail(f"aucune donnée pour {args.territory} en {args.year} "
                     f"(années disponibles : {listed}).")
    sources = store.catalog().imports
    try:
        if ext == ".xlsx":
            data = excel.build_workbook(con, args.territory, args.year, args.commune, args.role,
                                        sources=sources, communes=communes)
        elif ext == ".pptx":
            data = slides.build_deck(con, args.territory, args.year, args.role, sources=sources,
                                     communes=communes)
        else:
            data = fiche.build_fiche_html(con, args.territory, args.year, args.commune,
                                          args.role, sources=sources,
                                          communes=communes).encode("utf-8")
    except ScopeError as e:
        return _fail(str(e))
    write_atomically(out, data)
    masked = "effectifs non masqués : document confidentiel" if args.role == "gestionnaire" \
        else "secret statistique appliqué"
    role = texts.ROLE_LABELS.get(args.role, args.role)
    print(f"Fichier écrit : {out} ({len(data) // 1024 + 1} Ko, profil {role}, {masked}).")
    return 0
