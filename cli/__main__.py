"""Entry point of `python -m cli`. Wrong arguments give a French message and exit code 2."""

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

import settings
from cli import export_cmd
from data.store import Store, StoreError

EXIT_USAGE = 2


class FrenchParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Erreur : argument invalide ({message}).\n")
        sys.exit(EXIT_USAGE)


def fail(message: str) -> int:
    sys.stderr.write(f"Erreur : {message}\n")
    return EXIT_USAGE


def cmd_demo(args, store: Store) -> int:
    from data import demo

    if args.if_empty and not store.is_empty():
        print("Le stockage contient déjà des données : démonstration non rechargée.")
        return 0
    print(f"Chargement des données de démonstration dans {store.data_dir} …")
    demo.load(store)
    print("Terminé.")
    return 0


def cmd_figures(args, store: Store) -> int:
    from queries.figures import FiguresError, available_years, key_figures

    if args.territory not in settings.TERRITORIES:
        return fail(f"territoire inconnu « {args.territory} » "
                    f"(territoires : {', '.join(settings.TERRITORIES)}).")
    con = store.connection()
    years = available_years(con, args.territory)
    if args.year not in years:
        listed = ", ".join(map(str, years)) or "aucune"
        return fail(f"aucune donnée pour {args.territory} en {args.year} (années disponibles : {listed}).")
    try:
        df = key_figures(con, args.territory, args.year, commune=args.commune)
    except FiguresError as e:
        return fail(str(e))
    out = df[["indicator", "label", "value", "unit", "period", "territory", "commune",
              "evolution_pct"]].copy()
    out["value"] = out["value"].round(4)
    out["evolution_pct"] = out["evolution_pct"].round(1)
    if args.format == "json":
        records = json.loads(out.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        out.to_csv(sys.stdout, index=False)
    return 0


def cmd_import(args, store: Store) -> int:
    from data import mappings
    from ingest.pipeline import ImportRefused, commit
    from ingest.profiles import SOURCES
    from ingest.report import summary

    path = Path(args.file)
    if not path.is_file():
        return fail(f"fichier introuvable : {path}")
    if path.stat().st_size > settings.MAX_UPLOAD_BYTES:
        return fail(f"le fichier « {path.name} » dépasse la taille maximale de "
                    f"{settings.MAX_UPLOAD_BYTES // (1024 * 1024)} Mo.")
    given = {}
    for item in args.map or []:
        if "=" not in item:
            return fail(f"--map attend « En-tête du fichier=champ », reçu « {item} ».")
        header, field = item.split("=", 1)
        given[header.strip()] = field.strip()
    try:
        given_values = vocab_mapping(args.map_value)
    except ValueError as e:
        return fail(str(e))
    try:
        prepared = prepare_with_saved(store, path, args, given, given_values)
        unused = [k for k in prepared.unused_value_keys if k in given_values]
        if unused:
            return fail(f"--map-value : aucune colonne à valeurs codées ne s'appelle "
                        f"« {unused[0]} » dans ce fichier ({coded_columns(prepared)}).")
        for p in prepared.problems:
            where = f"ligne {p.row}" if p.row else "fichier"
            print(f"[{p.severity}] {p.sheet} {where} {p.column} « {p.value} » : {p.rule}. "
                  f"{p.advice}")
        record = commit(store, prepared, user=args.user, drop_invalid_rows=args.drop_invalid_rows)
    except ImportRefused as e:
        return fail(str(e))
    except StoreError as e:
        return fail(str(e))
    known = {f.name for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
    kept = {h: f for h, f in given.items() if not f or f in known}
    if kept:
        mappings.save(store, prepared.source, kept)
    if given_values:
        mappings.save_values(store, prepared.source, valid_value_mappings(prepared))
    print(f"Import n° {record.id} enregistré : {record.rows_stored} lignes "
          f"({prepared.source}, {prepared.territory}, {prepared.period}) — "
          f"{summary(prepared.problems)}.")
    return 0


def prepare_with_saved(store: Store, path: Path, args, given: dict, given_values: dict):
    """`prepare` with the mappings saved for the source (by the page or an earlier --map /
    --map-value) under those given. Without --source: those of the source the file looks
    like, or, if it is refused, of each source with saved mappings (they may be what makes
    its columns recognisable)."""
    from data import mappings
    from ingest.pipeline import ImportRefused, prepare

    raw = path.read_bytes()

    def attempt(source):
        mapping = {**(mappings.load(store, source) if source else {}), **given}
        values = with_saved_values(mappings.load_values(store, source) if source else {}, given_values)
        return prepare(store, raw, path.name, source=source, period=args.period,
                       territory=args.territory, mapping=mapping, value_mapping=values)

    if args.source:
        return attempt(args.source)
    try:
        first = attempt(None)
    except ImportRefused:
        saved = set(mappings.load_all(store)) | set(mappings.load_values_all(store))
        for source in sorted(saved):
            try:
                return attempt(source)
            except ImportRefused:
                continue
        raise
    if mappings.load(store, first.source) or mappings.load_values(store, first.source):
        return attempt(first.source)
    return first


def vocab_mapping(items: list[str] | None) -> dict[str, dict[str, str]]:
    """--map-value items (« Colonne:valeur=valeur retenue ») as {colonne: {valeur: retenue}}."""
    from ingest.vocab import parse_map_value

    out: dict[str, dict[str, str]] = {}
    for item in items or []:
        column, value, target = parse_map_value(item)
        out.setdefault(column, {})[value] = target
    return out


def with_saved_values(saved: dict, given: dict) -> dict[str, dict[str, str]]:
    """Saved value mappings (by field) first, then the given ones (by column): later win."""
    out = {f: dict(v) for f, v in saved.items()}
    for column, by_value in given.items():
        out[column] = {**out.get(column, {}), **by_value}
    return out


def valid_value_mappings(prepared) -> dict[str, dict[str, str]]:
    """The value mappings that applied to the file, as stored values (what is saved)."""
    from ingest.profiles import SOURCES
    from ingest.vocab import for_kind

    kinds = {f.name: f.kind for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
    out: dict[str, dict[str, str]] = {}
    for field_name, by_value in prepared.value_mapping.items():
        vocab = for_kind(kinds.get(field_name, ""))
        for value, target in by_value.items():
            stored = vocab.canonical(target) if vocab else None
            if stored is not None:
                out.setdefault(field_name, {})[value] = str(stored)
    return out


def coded_columns(prepared) -> str:
    from ingest.profiles import SOURCES
    from ingest.vocab import for_kind

    kinds = {f.name: f.kind for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
    labels = {f.name: f.synonyms[0] for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
    names = sorted({labels[c] for s in prepared.sheets for c in s.frame.columns
                    if c in kinds and for_kind(kinds[c])})
    return "colonnes possibles : " + (", ".join(names) or "aucune")


def cmd_mappings(args, store: Store) -> int:
    from data import mappings
    from ingest.parse import norm_label
    from ingest.profiles import SOURCES
    from ingest.vocab import for_kind

    if args.source and args.source not in SOURCES:
        return fail(f"source inconnue « {args.source} » (sources : {', '.join(SOURCES)}).")
    fields = {key: {f.name: f for sheet in src.sheets for f in sheet.fields} for key, src in SOURCES.items()}
    if args.action == "remove":
        saved_columns = mappings.load(store, args.source)
        saved_values = mappings.load_values(store, args.source)
        headers, values = [], []
        for item in args.items:
            hit = [h for h in saved_columns if norm_label(h) == norm_label(item)]
            if hit:
                headers += hit
                continue
            column, _, value = item.partition(":")
            names = {f.name for f in fields[args.source].values()
                     if norm_label(column) in {norm_label(f.name), *map(norm_label, f.synonyms)}}
            names |= {f for h, f in saved_columns.items() if norm_label(h) == norm_label(column)}
            found = [(f, v) for f in names for v in saved_values.get(f, {})
                     if norm_label(v) == norm_label(value)]
            if not found:
                return fail(f"« {item} » n'est pas une association enregistrée pour la source "
                            f"« {args.source} » (voir python -m cli mappings --source {args.source}).")
            values += found
        gone_headers, gone_values = mappings.remove(store, args.source, headers, values)
        for h in gone_headers:
            print(f"Association retirée : colonne « {h} ».")
        for f, v in gone_values:
            print(f"Association retirée : {fields[args.source][f].synonyms[0]} « {v} ».")
        return 0
    columns, values = mappings.load_all(store), mappings.load_values_all(store)
    sources = [args.source] if args.source else sorted(set(columns) | set(values))
    shown = 0
    for source in sources:
        cols, vals = columns.get(source, {}), values.get(source, {})
        if not cols and not vals:
            continue
        shown += 1
        known = fields.get(source, {})
        label = SOURCES[source].label if source in SOURCES else source
        print(f"Source « {source} » ({label})")
        for header, f in sorted(cols.items()):
            name = known[f].synonyms[0] if f in known else f
            print(f"  colonne « {header} » → {name} ({f})")
        for f, by_value in sorted(vals.items()):
            vocab = for_kind(known[f].kind) if f in known else None
            name = known[f].synonyms[0] if f in known else f
            for value, target in sorted(by_value.items()):
                shown_target = vocab.label(vocab.canonical(target)) if vocab and vocab.canonical(target) \
                    is not None else target
                print(f"  valeur {name} « {value} » → {shown_target}")
    if not shown:
        where = f" pour la source « {args.source} »" if args.source else ""
        print(f"Aucune association enregistrée{where}.")
    return 0


def cmd_history(args, store: Store) -> int:
    cat = store.catalog()
    if args.import_id is not None:
        rec = cat.get(args.import_id)
        if rec is None:
            return fail(f"l'import n° {args.import_id} n'existe pas.")
        if args.rows:
            frames = [pd.read_parquet(store.data_dir / p) for p in rec.tables.values()]
            df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
            df = df.drop(columns=[c for c in df.columns if c.startswith("_")])
        else:
            df = pd.DataFrame([rec.__dict__])
    else:
        df = pd.DataFrame([{k: getattr(r, k) for k in ("id", "created_at", "user", "source", "territory",
                                                       "period", "file_name", "status", "rows_read",
                                                       "rows_stored", "rows_rejected")}
                           for r in cat.imports])
    if args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        print(df.to_string(index=False) if len(df) else "Aucun import.")
    return 0


def cmd_rollback(args, store: Store) -> int:
    try:
        rec = store.rollback(args.import_id, user=args.user)
    except StoreError as e:
        return fail(str(e))
    print(f"Import n° {rec.id} annulé ({rec.source}, {rec.territory}, {rec.period}).")
    return 0


def cmd_users(args, store: Store) -> int:
    from data import users

    try:
        if args.action == "add":
            if not args.password_stdin:
                return fail("indiquez --password-stdin et passez le mot de passe sur l'entrée standard.")
            password = sys.stdin.readline().rstrip("\n")
            users.add(args.name, args.role, password, communes=args.communes, data_dir=store.data_dir)
            print(f"Utilisateur « {args.name} » créé ({args.role}).")
        elif args.action == "remove":
            users.remove(args.name, data_dir=store.data_dir)
            print(f"Utilisateur « {args.name} » supprimé.")
        elif args.action == "set-communes":
            users.set_communes(args.name, args.communes, data_dir=store.data_dir)
            where = ", ".join(args.communes) or "toutes les communes"
            print(f"Communes de « {args.name} » : {where}.")
        elif args.action == "set-role":
            users.set_role(args.name, args.role, data_dir=store.data_dir)
            print(f"Rôle de « {args.name} » : {args.role}.")
        else:
            listed = users.load(store.data_dir).values()
            for u in listed:
                where = ", ".join(u.communes) or "toutes les communes"
                lock = " (verrouillé)" if u.locked_until else ""
                print(f"{u.name}\t{u.role}\t{where}{lock}")
            if not listed:
                print("Aucun utilisateur.")
    except users.UserError as e:
        return fail(str(e))
    return 0


def cmd_backup(args, store: Store) -> int:
    from data.backup import backup

    out = backup(store, Path(args.file))
    print(f"Sauvegarde écrite : {out}")
    return 0


def cmd_restore(args, store: Store) -> int:
    from data.backup import restore

    path = Path(args.file)
    if not path.is_file():
        return fail(f"fichier introuvable : {path}")
    try:
        aside = restore(store, path)
    except StoreError as e:
        return fail(str(e))
    print(f"Sauvegarde restaurée. L'état précédent est conservé dans {aside}.")
    return 0


def cmd_purge(args, store: Store) -> int:
    purged = store.purge_archive(args.months)
    months = settings.ARCHIVE_RETENTION_MONTHS if args.months is None else args.months
    print(f"{len(purged)} fichier(s) brut(s) de plus de {months} mois supprimé(s) de l'archive "
          "(les données importées sont conservées).")
    return 0


def parser() -> argparse.ArgumentParser:
    p = FrenchParser(prog="python -m cli", description="Tableau de bord emploi territorial")
    sub = p.add_subparsers(dest="command", required=True, parser_class=FrenchParser)
    d = sub.add_parser("demo", help="charger les données de démonstration")
    d.add_argument("--if-empty", action="store_true", help="seulement si le stockage est vide")
    f = sub.add_parser("figures", help="chiffres clés d'un territoire pour une année")
    f.add_argument("--territory", required=True)
    f.add_argument("--year", required=True, type=int)
    f.add_argument("--commune")
    f.add_argument("--format", choices=["csv", "json"], default="csv")
    i = sub.add_parser("import", help="importer un fichier")
    i.add_argument("file")
    i.add_argument("--source")
    i.add_argument("--period")
    i.add_argument("--territory")
    i.add_argument("--map", action="append", help="« En-tête du fichier=champ »")
    i.add_argument("--map-value", action="append", metavar="COLONNE:VALEUR=RETENUE",
                   help="la valeur à enregistrer pour une valeur codée inconnue, par exemple "
                        "« Civilité:Monsieur=H » (répétable) ; retenue pour les prochains fichiers "
                        "de la source")
    i.add_argument("--drop-invalid-rows", action="store_true")
    i.add_argument("--user", default="cli")
    mp = sub.add_parser("mappings", help="associations de colonnes et de valeurs enregistrées",
                        description="Liste les associations enregistrées (par la page d'import, "
                                    "--map ou --map-value), ou en retire.")
    mp.add_argument("--source", help="seulement celles de cette source (plie, ml, de_commune…)")
    msub = mp.add_subparsers(dest="action", parser_class=FrenchParser)
    mr = msub.add_parser("remove", help="retirer des associations d'une source")
    mr.add_argument("--source", required=True, default=argparse.SUPPRESS,
                    help="la source dont on retire les associations")
    mr.add_argument("items", nargs="+", metavar="ASSOCIATION",
                    help="« En-tête » pour une colonne, « Colonne:valeur » pour une valeur")
    h = sub.add_parser("history", help="historique des imports")
    h.add_argument("import_id", nargs="?", type=int)
    h.add_argument("--rows", action="store_true")
    h.add_argument("--format", choices=["table", "csv", "json"], default="table")
    r = sub.add_parser("rollback", help="annuler un import")
    r.add_argument("import_id", type=int)
    r.add_argument("--user", default="cli")
    export_cmd.configure(sub.add_parser(
        "export", help="exporter les chiffres : classeur Excel, présentation, fiche commune"))
    u = sub.add_parser("users", help="comptes locaux")
    usub = u.add_subparsers(dest="action", required=True, parser_class=FrenchParser)
    ua = usub.add_parser("add", help="créer un compte")
    ua.add_argument("name")
    ua.add_argument("--role", required=True)
    ua.add_argument("--password-stdin", action="store_true")
    ua.add_argument("--communes", nargs="*", help="codes INSEE visibles (élus), toutes par défaut")
    ur = usub.add_parser("remove", help="supprimer un compte")
    ur.add_argument("name")
    us = usub.add_parser("set-role", help="changer le rôle")
    us.add_argument("name")
    us.add_argument("role")
    uc = usub.add_parser("set-communes", help="limiter un compte à des communes (aucune : toutes)")
    uc.add_argument("name")
    uc.add_argument("communes", nargs="*")
    usub.add_parser("list", help="lister les comptes")
    b = sub.add_parser("backup", help="sauvegarder le stockage")
    b.add_argument("file")
    rs = sub.add_parser("restore", help="restaurer une sauvegarde")
    rs.add_argument("file")
    pa = sub.add_parser("purge-archive", help="supprimer les fichiers bruts archivés trop anciens")
    pa.add_argument("--months", type=int, help="durée de conservation (réglage par défaut sinon)")
    return p


COMMANDS = {"demo": cmd_demo, "figures": cmd_figures, "import": cmd_import,
            "history": cmd_history, "mappings": cmd_mappings, "rollback": cmd_rollback,
            "export": export_cmd.run, "users": cmd_users, "backup": cmd_backup,
            "restore": cmd_restore, "purge-archive": cmd_purge}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, Store())
    except KeyboardInterrupt:
        return fail("interrompu.")
    except Exception as e:  # never a traceback for the user; the store is unchanged
        sys.stderr.write(f"Erreur interne ({type(e).__name__} : {e}). Rien n'a été enregistré.\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
