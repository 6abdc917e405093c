"""`python -m cli territory …` and `python -m cli geo import …`.

Territories are data (`data/territories.py`): `add`, `list`, `show`, `remove`,
`set-communes`. Boundaries a user downloaded (ADMIN EXPRESS, Etalab contours) are prepared
for the maps by `geo import` (`geo/importer.py`).
"""

import sys

from data import territories
from data.store import Store

EXIT_USAGE = 2


def fail(message: str) -> int:
    sys.stderr.write(f"Erreur : {message}\n")
    return EXIT_USAGE


def _int(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# -- parsers ------------------------------------------------------------------------------
def configure_territory(t, parser_class) -> None:
    """The `territory` sub-command's actions (t: its argparse parser)."""
    tsub = t.add_subparsers(dest="action", required=True, parser_class=parser_class,
                            title="actions", metavar="ACTION")
    ta = tsub.add_parser("add", help="Définir un territoire.",
                         description="Définit un territoire à partir de ses communes, d'un EPCI "
                                     "ou d'un département. Les codes sont vérifiés dans le COG "
                                     "2024 : une ancienne commune est remplacée par sa commune "
                                     "actuelle, un code inconnu est refusé.")
    ta.add_argument("code", metavar="CODE",
                    help="Code court du territoire (lettres sans accent, chiffres, - ou _), par "
                         "exemple lens-lievin.")
    ta.add_argument("--label", required=True, metavar="LIBELLÉ",
                    help="Nom affiché du territoire (obligatoire), par exemple « Mission Locale "
                         "de Lens-Liévin ».")
    ta.add_argument("--short-label", metavar="LIBELLÉ_COURT",
                    help="Nom court des graphiques et des diapositives (20 caractères au plus), "
                         "par exemple « ML Bourges » ; par défaut tiré du libellé.")
    how = ta.add_mutually_exclusive_group(required=True)
    how.add_argument("--communes", nargs="+", metavar="INSEE",
                     help="Codes INSEE des communes du territoire.")
    how.add_argument("--epci", metavar="SIREN",
                     help="SIREN d'un EPCI : ses communes (référentiel du Nord ou contours "
                          "importés avec leur colonne SIREN_EPCI).")
    how.add_argument("--departement", metavar="DEP",
                     help="Code d'un département (62, 2A…) : toutes ses communes.")
    ta.add_argument("--fte-hours", type=int, metavar="HEURES",
                    help="Heures d'un équivalent temps plein pour les clauses d'insertion "
                         "(par défaut : 1607).")
    ta.add_argument("--senior-age", type=int, metavar="ÂGE",
                    help="Âge à partir duquel un demandeur est « senior » (par défaut : 50).")
    ta.add_argument("--low-level-max", type=int, metavar="NIVEAU",
                    help="Niveau de formation le plus élevé compté comme « bas niveau » "
                         "(3 : CAP, 4 : bac, 5 : bac + 2 ; par défaut : 3).")
    ta.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")
    tsub.add_parser("list", help="Lister les territoires.",
                    description="Liste les territoires intégrés et définis.")
    ts = tsub.add_parser("show", help="Afficher un territoire.",
                         description="Affiche la définition d'un territoire et ses communes.")
    ts.add_argument("code", metavar="CODE", help="Code du territoire.")
    tr = tsub.add_parser("remove", help="Supprimer un territoire défini.",
                         description="Supprime un territoire défini (les données importées "
                                     "restent).")
    tr.add_argument("code", metavar="CODE", help="Code du territoire.")
    tr.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")
    tc = tsub.add_parser("set-communes", help="Remplacer les communes d'un territoire défini.",
                         description="Remplace la liste des communes d'un territoire défini.")
    tc.add_argument("code", metavar="CODE", help="Code du territoire.")
    tc.add_argument("communes", nargs="+", metavar="INSEE", help="Codes INSEE des communes.")
    tc.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")


def configure_geo(g, parser_class) -> None:
    gsub = g.add_subparsers(dest="action", required=True, parser_class=parser_class,
                            title="actions", metavar="ACTION")
    gi = gsub.add_parser(
        "import", help="Importer des contours de communes ou de QPV.",
        description="Lit des contours téléchargés (IGN ADMIN EXPRESS, contours Etalab, QPV) en "
                    "GeoPackage, Shapefile zippé ou GeoJSON, en Lambert-93 ou WGS84, les "
                    "reprojette en WGS84, les simplifie sans ouvrir de trou entre voisines et "
                    "les enregistre dans le dossier de données pour les cartes.")
    gi.add_argument("file", metavar="FICHIER",
                    help="Fichier des contours : .gpkg, .zip (Shapefile), .shp, .geojson ou "
                         ".json.")
    gi.add_argument("--layer", metavar="COUCHE",
                    help="Couche à lire dans un GeoPackage qui en contient plusieurs "
                         "(par exemple commune).")
    gi.add_argument("--code-column", metavar="COLONNE",
                    help="Colonne du code INSEE (ou du code QPV) ; par défaut reconnue : "
                         "INSEE_COM, code_insee, codgeo, code… (code_qp pour les QPV).")
    gi.add_argument("--kind", choices=("communes", "qpv"), default="communes",
                    help="Nature des contours : communes (par défaut) ou qpv.")
    gi.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")


# -- commands ----------------------------------------------------------------------------
def _print_messages(messages: list[str]) -> None:
    for m in messages:
        print(f"Information : {m}")


def run_territory(args, store: Store) -> int:
    try:
        if args.action == "add":
            return _add(args, store)
        if args.action == "list":
            return _list(store)
        if args.action == "show":
            return _show(args.code, store)
        if args.action == "remove":
            territories.remove(args.code, data_dir=store.data_dir, by=args.user)
            print(f"Territoire « {args.code} » supprimé (les données importées restent).")
            return 0
        if args.action == "set-communes":
            messages = territories.set_communes(args.code, args.communes,
                                                data_dir=store.data_dir, by=args.user)
            _print_messages(messages)
            n = len(territories.get(args.code, store.data_dir)["communes"])
            print(f"Territoire « {args.code} » : {_int(n)} commune(s).")
            return 0
    except territories.TerritoryError as e:
        return fail(str(e))
    return fail(f"action inconnue « {args.action} ».")


def _add(args, store: Store) -> int:
    if args.communes:
        communes = args.communes
    elif args.epci:
        communes = territories.epci_communes(args.epci)
    else:
        communes = territories.departement_communes(args.departement)
    messages = territories.add(args.code, args.label, communes, fte_hours=args.fte_hours,
                               senior_age=args.senior_age, low_level_max=args.low_level_max,
                               short_label_=args.short_label, data_dir=store.data_dir,
                               by=args.user)
    _print_messages(messages)
    d = territories.get(args.code.strip(), store.data_dir)
    print(f"Territoire « {args.code.strip()} » ({d['label']}, « {d['csv_code']} » dans les "
          "graphiques) défini : "
          f"{_int(len(d['communes']))} commune(s).")
    _boundaries_hint(d["communes"])
    return 0


def _boundaries_hint(communes) -> None:
    from geo import boundaries

    missing = boundaries.missing(communes)
    if missing:
        print(f"Attention : {_int(len(missing))} commune(s) sans contours pour la carte "
              f"(par exemple {missing[0]}). Importez-les avec : python -m cli geo import "
              "FICHIER (contours ADMIN EXPRESS ou Etalab).")


def _list(store: Store) -> int:
    print("code;libellé;communes;type")
    for key, d in territories.definitions(store.data_dir).items():
        kind = "intégré" if d["builtin"] else "défini"
        print(f"{key};{d['label']};{len(d['communes'])};{kind}")
    return 0


def _show(code: str, store: Store) -> int:
    d = territories.get(code, store.data_dir)
    print(f"Territoire : {code} ({'intégré' if d['builtin'] else 'défini'})")
    print(f"Libellé : {d['label']}")
    print(f"Libellé court : {d['csv_code']}")
    print(f"Heures d'un ETP : {_int(d['fte_hours'])}")
    print(f"Âge senior : {d['senior_age']} ans et plus")
    print(f"Bas niveau de formation : niveau {d['low_level_max']} ou moins")
    from geo import boundaries

    missing = boundaries.missing(d["communes"])
    print(f"Contours pour la carte : {_int(len(d['communes']) - len(missing))} commune(s) sur "
          f"{_int(len(d['communes']))}"
          + (" (les autres : python -m cli geo import FICHIER)" if missing else ""))
    refs = territories.reference_territories(code)
    print(f"Territoires de référence : {', '.join(refs.values())}")
    print(f"Communes ({_int(len(d['communes']))}) :")
    for c in d["communes"]:
        print(f"  {c} {territories.commune_name(c)}")
    return 0


def run_geo(args, store: Store) -> int:
    from pathlib import Path

    from geo import importer

    path = Path(args.file)
    if not path.exists():
        return fail(f"fichier introuvable : {path}")
    try:
        result = importer.import_layer(path, layer=args.layer, code_column=args.code_column,
                                       kind=args.kind, data_dir=store.data_dir, by=args.user)
    except importer.GeoImportError as e:
        return fail(str(e))
    for m in result.messages:
        print(f"Information : {m}")
    print(result.summary())
    if args.kind == "communes":
        from geo import boundaries

        for key, d in territories.defined(store.data_dir).items():
            missing = boundaries.missing(d["communes"])
            if missing:
                print(f"Attention : territoire « {key} », {_int(len(missing))} commune(s) "
                      f"toujours sans contours (par exemple {missing[0]}).")
    return 0
