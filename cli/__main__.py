"""Entry point of `python -m cli`. Wrong arguments give a French message and exit code 2."""

import argparse
import json
import os
import sys
from pathlib import Path

import pandas as pd

import settings
from cli import export_cmd
from data import archive
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
    from cli import figures_qpv
    from queries.qpv import QpvError

    try:
        df = key_figures(con, args.territory, args.year, commune=args.commune)
        qpv_rows = figures_qpv.rows(con, args.territory, args.year, args.commune, args.qpv)
    except (FiguresError, QpvError) as e:
        return fail(str(e))
    out = df[["indicator", "label", "value", "unit", "period", "territory", "commune",
              "evolution_pct"]].copy()
    out["value"] = out["value"].round(4)
    # the quartiers prioritaires: one row per quarter and the total (`--qpv`: one quarter)
    if args.qpv and qpv_rows.empty:
        return fail(f"aucun chiffre de l'ONPV importé pour le quartier {args.qpv} jusqu'en "
                    f"{args.year}.")
    out = pd.concat([out.iloc[:0] if args.qpv else out, qpv_rows], ignore_index=True)
    out["value"] = [v if isinstance(v, str) else round(v, 4) for v in out["value"]]
    out["evolution_pct"] = out["evolution_pct"].astype("float64").round(1)
    if args.format == "json":
        records = json.loads(out.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        out.to_csv(sys.stdout, index=False)
    return 0


def cmd_import(args, store: Store) -> int:
    from data import mappings
    from ingest.pipeline import ImportRefused, commit, prepare
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
    # The mapping saved for the source (by the page or an earlier --map), overridden by --map.
    mapping = {**(mappings.load(store, args.source) if args.source else {}), **given}
    try:
        prepared = prepare(store, path.read_bytes(), path.name, source=args.source,
                           period=args.period, territory=args.territory, mapping=mapping)
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
    print(f"Import n° {record.id} enregistré : {record.rows_stored} lignes "
          f"({prepared.source}, {prepared.territory}, {prepared.period}) — "
          f"{summary(prepared.problems)}.")
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
        df = pd.DataFrame([{**{k: getattr(r, k) for k in ("id", "created_at", "user", "source", "territory",
                                                          "period", "file_name", "status", "rows_read",
                                                          "rows_stored", "rows_rejected")},
                            "archive": _archive_state(store, r)}
                           for r in cat.imports])
    if args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        print(df.to_string(index=False) if len(df) else "Aucun import.")
    return 0


def _archive_state(store: Store, r) -> str:
    """What became of the raw file of an import, in French."""
    if r.archive_purged_at:
        return f"supprimé le {r.archive_purged_at[:10]}"
    if not r.archive_path:
        return "aucun"
    if r.archive_path.endswith(archive.SUFFIX):
        return f"chiffré, jusqu'au {store.archive_expires_at(r):%Y-%m-%d}"
    return "en clair (à chiffrer)"


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
    for value in (args.months, args.person_months):
        if value is not None and value < 0:
            return fail("la durée de conservation est un nombre de mois positif ou nul.")
    purged = store.purge_archive(args.months, person_months=args.person_months, user=args.user)
    months = settings.ARCHIVE_RETENTION_MONTHS if args.months is None else args.months
    person = (settings.PERSON_ARCHIVE_RETENTION_MONTHS if args.person_months is None
              else args.person_months)
    print(f"{len(purged)} fichier(s) brut(s) supprimé(s) de l'archive : plus de {person} mois pour "
          f"les fichiers nominatifs (PLIE, Mission Locale, clauses), plus de {months} mois pour "
          "les autres (les données importées sont conservées).")
    return 0


def cmd_archive(args, store: Store) -> int:
    if args.action == "encrypt":
        done = store.secure_archives(user=args.user)
        print(f"{len(done['encrypted'])} fichier(s) brut(s) chiffré(s), {len(done['removed'])} "
              "fichier(s) non référencé(s) supprimé(s) de l'archive.")
        return 0
    out = Path(args.out)
    if out.exists():
        return fail(f"le fichier {out} existe déjà : indiquez un autre nom.")
    if not out.parent.is_dir():
        return fail(f"dossier introuvable : {out.parent}")
    try:
        name, raw = store.read_archive(args.import_id, user=args.user)
    except StoreError as e:
        return fail(str(e))
    # readable by its owner only: the raw file holds personal data in clear
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(raw)
    print(f"Fichier brut de l'import n° {args.import_id} (« {name} ») écrit dans {out}. "
          "Il peut contenir des données personnelles en clair : supprimez-le après usage.")
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
    f.add_argument("--qpv", help="code d'un quartier prioritaire (QN… de 2024 ou QP… de 2015)")
    f.add_argument("--format", choices=["csv", "json"], default="csv")
    i = sub.add_parser("import", help="importer un fichier")
    i.add_argument("file")
    i.add_argument("--source")
    i.add_argument("--period")
    i.add_argument("--territory")
    i.add_argument("--map", action="append", help="« En-tête du fichier=champ »")
    i.add_argument("--drop-invalid-rows", action="store_true")
    i.add_argument("--user", default="cli")
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
    pa.add_argument("--months", type=int,
                    help="durée de conservation des fichiers agrégés (réglage par défaut sinon)")
    pa.add_argument("--person-months", type=int,
                    help="durée de conservation des fichiers nominatifs (réglage par défaut sinon)")
    pa.add_argument("--user", default="cli")
    a = sub.add_parser("archive", help="fichiers bruts archivés (chiffrés)")
    asub = a.add_subparsers(dest="action", required=True, parser_class=FrenchParser)
    ag = asub.add_parser("get", help="écrire le fichier brut d'un import, déchiffré")
    ag.add_argument("import_id", type=int)
    ag.add_argument("--out", required=True, help="fichier à écrire (ne doit pas exister)")
    ag.add_argument("--user", default="cli")
    ae = asub.add_parser("encrypt", help="chiffrer les fichiers bruts archivés en clair")
    ae.add_argument("--user", default="cli")
    return p


COMMANDS = {"demo": cmd_demo, "figures": cmd_figures, "import": cmd_import,
            "history": cmd_history, "rollback": cmd_rollback,
            "export": export_cmd.run, "users": cmd_users, "backup": cmd_backup,
            "restore": cmd_restore, "purge-archive": cmd_purge, "archive": cmd_archive}

# Commands that encrypt and purge the archive themselves (their output says what they did).
OWN_MAINTENANCE = {"purge-archive", "backup", "restore", "archive encrypt"}


def maintain(args, store: Store) -> None:
    """Encrypt clear archives and purge those past retention, before any other command."""
    if f"{args.command} {getattr(args, 'action', '')}".strip() in OWN_MAINTENANCE \
            or args.command in OWN_MAINTENANCE:
        return
    try:
        store.maintain(user="cli")
    except Exception as e:
        sys.stderr.write(f"Attention : maintenance de l'archive impossible ({type(e).__name__} : {e}).\n")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        store = Store()
        maintain(args, store)
        return COMMANDS[args.command](args, store)
    except KeyboardInterrupt:
        return fail("interrompu.")
    except Exception as e:  # never a traceback for the user; the store is unchanged
        sys.stderr.write(f"Erreur interne ({type(e).__name__} : {e}). Rien n'a été enregistré.\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
