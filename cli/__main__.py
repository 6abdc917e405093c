"""Entry point of `python -m cli`. Wrong arguments give a French message and exit code 2."""

import argparse
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd

import settings
from cli import export_cmd, territory_cmd
from data import archive, territories
from data.store import Store, StoreError

EXIT_USAGE = 2


class FrenchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups,
                                 "utilisation : " if prefix is None else prefix)


# argparse's own messages, in French (the rest of its text comes from our help strings)
ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"arguments obligatoires absents : \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"arguments non reconnus : \1"),
    (re.compile(r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)"),
     r"\1 : choix invalide \2 (choix possibles : \3)"),
    (re.compile(r"argument (.*?): invalid int value: (.*)"), r"\1 : nombre entier attendu, reçu \2"),
    (re.compile(r"argument (.*?): expected one argument"), r"\1 : une valeur est attendue"),
    (re.compile(r"argument (.*?): expected at least one argument"),
     r"\1 : au moins une valeur est attendue"),
    (re.compile(r"argument (.*?): not allowed with argument (.*)"),
     r"\1 : incompatible avec \2"),
    (re.compile(r"one of the arguments (.*) is required"),
     r"l'un de ces arguments est obligatoire : \1"),
    (re.compile(r"invalid choice: (.*?) \(choose from (.*)\)"),
     r"choix invalide \1 (choix possibles : \2)"),
)


class FrenchParser(argparse.ArgumentParser):
    """argparse in French: usage, section titles, -h, and its error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="Afficher cette aide et quitter.")

    def error(self, message: str):
        for pattern, french in ARGPARSE_MESSAGES:
            message = pattern.sub(french, message)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Erreur : argument invalide ({message}).\n")
        sys.exit(EXIT_USAGE)


def fail(message: str) -> int:
    sys.stderr.write(f"Erreur : {message}\n")
    return EXIT_USAGE


def cmd_demo(args, store: Store) -> int:
    from demo import generate

    if args.remove:
        withdrawn = store.withdraw_demo(user="cli")
        print(f"Données de démonstration retirées : imports n° {', '.join(map(str, withdrawn))}."
              if withdrawn else "Aucune donnée de démonstration à retirer.")
        return 0
    if args.if_empty and not store.is_empty():
        print("Le stockage contient déjà des données : démonstration non rechargée.")
        return 0
    print(f"Chargement des données de démonstration dans {store.data_dir} …")
    generate.load(store)
    print("Terminé.")
    return 0


def cmd_figures(args, store: Store) -> int:
    from queries.context import ScopeError, available_years
    from queries.figures import key_figures

    if args.territory not in territories.definitions():
        return fail(f"territoire inconnu « {args.territory} » "
                    f"(territoires : {', '.join(territories.definitions())}).")
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
    except (ScopeError, QpvError) as e:
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


STEP_LABELS = {"lecture": "Lecture du fichier", "reconnaissance": "Reconnaissance de l'export",
               "contrôle": "Contrôle des lignes", "écriture": "Écriture dans le stockage"}
SEVERITY_LABELS = {"erreur": "ERREUR", "avertissement": "AVERTISSEMENT",
                   "information": "INFORMATION"}


def _seconds(s: float) -> str:
    return f"{s:.2f}".replace(".", ",") + " s"


def _step(name: str, seconds: float | None) -> None:
    """Progress of an import: a line per step, with its duration, as it ends."""
    if seconds is not None:
        print(f"{STEP_LABELS.get(name, name)} : {_seconds(seconds)}", flush=True)


LINES_LISTED = 20  # lines of a problem about several lines, listed in the terminal


def print_report(prepared) -> None:
    """The validation report grouped per rule: count of lines, first lines, the advice."""
    from ingest.pipeline import DETECTION_RULE
    from ingest.report import grouped
    from ingest.vocab import UnknownValues
    from wording import texts
    from wording.format import fmt_int

    print(f"Lignes lues : {fmt_int(prepared.rows_read)} ; lignes invalides : "
          f"{fmt_int(prepared.invalid_rows)}.")
    excluded = prepared.excluded
    if excluded:
        detail = ", ".join(f"{reason} : {fmt_int(n)}" for reason, n in excluded.items())
        print(f"Lignes écartées : {fmt_int(sum(excluded.values()))} ({detail}).")
    for g in grouped(prepared.problems):
        if g.rule == DETECTION_RULE:  # printed first, with the steps
            continue
        where = f" — feuille « {g.sheet} »" if g.sheet and len(prepared.sheets) > 1 else ""
        if g.rule == texts.COMMUNE_ASSOCIATED_RULE:  # « MARQUETTE » → 59386 (2 lignes)
            print(f"\n[{SEVERITY_LABELS.get(g.severity, g.severity)}] {g.rule} — colonne "
                  f"« {g.column} »{where}")
            for p in g.examples:
                print(f"  {p.advice}")
            continue
        if any(isinstance(p, UnknownValues) for p in g.examples):
            # one problem per column: « Civilité : 2 valeurs inconnues, Hme (2 lignes)… »
            for p in g.examples:
                n = len(p.line_rows) or 1
                print(f"\n[{SEVERITY_LABELS.get(g.severity, g.severity)}] {p.column} : {p.rule}, "
                      f"{p.value} — {fmt_int(n)} ligne{'s' if n > 1 else ''}{where}")
                print(f"  → {p.advice}")
            continue
        valued = any(p.value for p in g.examples)  # cells of the file, else whole columns
        count = (f" — {fmt_int(g.lines)} ligne{'s' if g.lines > 1 else ''}"
                 if valued or g.lines > 1 else "")
        column = f" — colonne « {g.column} »" if g.column and valued else ""
        print(f"\n[{SEVERITY_LABELS.get(g.severity, g.severity)}] {g.rule}{count}{where}{column}")
        listed: set[int] = set()
        for p in g.examples:
            rows = sorted(getattr(p, "line_rows", ()) or ())
            if len(rows) > 1:  # one problem for several lines (notes, secret cells): them all
                shown = rows[:LINES_LISTED]
                listed |= set(shown)
                place = "lignes " + ", ".join(str(r) for r in shown) + (
                    ", …" if len(rows) > len(shown) else "")
            else:
                listed.add(p.row if p.row is not None else -1)
                place = f"ligne {p.row}" if p.row is not None else "fichier"
            what = f" « {p.value} »" if p.value else (f" : {p.column}" if p.column else "")
            advice = f" : {p.advice}" if g.advice is None else ""
            if p.row is None and not what and g.advice is not None:
                continue
            print(f"  {place}{what}{advice}")
        if g.lines > len(listed):
            print(f"  … et {fmt_int(g.lines - len(listed))} autre(s) ligne(s) : voir le "
                  "rapport complet (option --report rapport.xlsx).")
        if g.advice:
            print(f"  → {g.advice}")


def _write_report(path: Path, prepared_or_problems, file_name: str) -> None:
    from exports.validation_report import validation_report_xlsx

    export_cmd.write_atomically(path, validation_report_xlsx(prepared_or_problems, file_name))
    print(f"Rapport de contrôle écrit : {path}")


def cmd_summary(args, store: Store) -> int:
    """The year in sentences (`queries.narrative`), as the role may read it."""
    from queries import narrative
    from queries.context import ScopeError, available_years, territory_communes
    from wording import texts

    if args.territory not in territories.definitions():
        return fail(f"territoire inconnu « {args.territory} » "
                    f"(territoires : {', '.join(territories.definitions())}).")
    if args.commune and args.commune not in territory_communes(args.territory):
        return fail(f"la commune {args.commune} n'appartient pas au territoire "
                    f"« {args.territory} ».")
    con = store.connection()
    years = available_years(con, args.territory)
    if args.year not in years:
        listed = ", ".join(map(str, years)) or "aucune"
        return fail(f"aucune donnée pour {args.territory} en {args.year} "
                    f"(années disponibles : {listed}).")
    try:
        story = narrative.build(con, args.territory, args.year, args.commune, audience=args.role)
    except ScopeError as e:
        return fail(str(e))
    if args.format == "json":
        print(json.dumps(story.as_dict(), ensure_ascii=False, indent=1))
        return 0
    role = texts.ROLE_LABELS.get(args.role, args.role)
    print(f"{texts.NARRATIVE_TITLE} : {story.place}, {args.year} (profil {role})")
    print()
    for i, sentence in enumerate(story.sentences, start=1):
        print(f"{i}. {sentence.text}")
    print()
    print(f"{texts.NARRATIVE_EVIDENCE} "
          f"({texts.NARRATIVE_EVIDENCE_PLACE.format(place=story.place)}) :")
    for i, note in enumerate(story.footnotes, start=1):
        print(f"{i}. {note}")
    return 0


def _field_name(target: str) -> str | None:
    """A --map target: a field name (`name`), or a header a source knows for it
    (« Événement », which the messages show); None when it is neither."""
    from ingest.parse import norm_label
    from ingest.profiles import SOURCES

    fields = [f for src in SOURCES.values() for sheet in src.sheets for f in sheet.fields]
    if not target or any(f.name == target for f in fields):
        return target
    names = {f.name for f in fields if norm_label(target) in map(norm_label, f.synonyms)}
    return names.pop() if len(names) == 1 else (target if names else None)


def cmd_import(args, store: Store) -> int:
    from ingest.profiles import SOURCES
    from ingest.report import ERROR, Problem, summary
    from ingest.service import Importer, size_refusal
    from wording.import_outcome import period_label, replacement_lines

    path = Path(args.file)
    if not path.is_file():
        return fail(f"fichier introuvable : {path}")
    if args.territory is not None and args.territory not in territories.definitions() \
            and args.territory != "autre":  # (« autre »: what the import finds for others)
        return fail(f"territoire inconnu « {args.territory} » "
                    f"(territoires : {', '.join(territories.definitions())}) ; un nouveau "
                    "territoire se déclare d'abord avec « territory add ».")
    too_big = size_refusal(path.name, path.stat().st_size)  # before reading it
    if too_big:
        return fail(too_big)
    report = Path(args.report) if args.report else None
    if report is not None and (report.suffix.lower() != ".xlsx" or not report.parent.is_dir()):
        return fail(f"--report attend un fichier .xlsx dans un dossier existant, reçu « {report} ».")
    given = {}
    for item in args.map or []:
        if "=" not in item:
            return fail(f"--map attend « En-tête du fichier=champ », reçu « {item} ».")
        header, field = item.split("=", 1)
        given[header.strip()] = _field_name(field.strip())
        if given[header.strip()] is None:
            return fail(f"--map : « {field.strip()} » n'est ni un champ ni un en-tête connu. "
                        "Écrivez le nom du champ (par exemple name, participants, event_date) "
                        "ou l'en-tête que cite le rapport (« Événement »).")
    try:
        given_values = vocab_mapping(args.map_value)
    except ValueError as e:
        return fail(str(e))
    importer = Importer(store, user=args.user)
    check = importer.check(path.name, path.read_bytes(), source=args.source, period=args.period,
                           territory=args.territory, columns=given, values=given_values,
                           progress=_step, note=print)
    prepared = check.prepared
    if prepared is None:
        if report is not None:
            _write_report(report, [Problem("", None, "", "", "Import refusé", check.refused, ERROR)],
                          path.name)
        return fail(check.refused)
    if check.unused_values:
        return fail(f"--map-value : aucune colonne à valeurs codées ne s'appelle "
                    f"« {check.unused_values[0]} » dans ce fichier ({coded_columns(prepared)}).")
    if prepared.detection is not None and not prepared.detection.given:
        print(prepared.detection.sentence())
    if check.unknown_fields:
        fields = {f.name: f for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
        names = ", ".join(f"{n} (« {f.synonyms[0]} »)" if f.synonyms else n
                          for n, f in fields.items())
        return fail(f"--map : « {check.unknown_fields[0]} » n'est pas un champ de la source "
                    f"« {prepared.source} ». Champs possibles : {names}.")
    if check.already is None:
        print_report(prepared)
        if report is not None:
            _write_report(report, prepared, path.name)
    outcome = importer.commit(check, drop_invalid_rows=args.drop_invalid_rows, progress=_step)
    if outcome.refused:
        return fail(outcome.refused)
    record = outcome.record
    if outcome.already:
        print(f"Fichier déjà importé (import n° {record.id}) : rien n'a été enregistré.")
        if outcome.saved:
            print(f"Les associations données sont enregistrées pour la source « "
                  f"{prepared.source} ». Pour l'importer de nouveau avec elles, annulez "
                  f"d'abord l'import n° {record.id} : python -m cli rollback {record.id}, puis "
                  "relancez cette commande.")
        return 0
    rejected = (f", {record.rows_rejected} ligne(s) invalide(s) écartée(s)"
                if record.rows_rejected else "")
    print(f"\nImport n° {record.id} enregistré : {record.rows_stored} valeur(s) enregistrée(s) "
          f"pour {prepared.rows_read} ligne(s) du fichier{rejected} ({prepared.source}, "
          f"{prepared.territory}, période {period_label(prepared.period, prepared.covers)}) — "
          f"{summary(prepared.problems)}.")
    for line in replacement_lines(record, outcome.catalog):
        if line.startswith("**Attention"):  # replaced far more than it brought: stands out
            print("\n[AVERTISSEMENT] " + line.replace("**", ""))
        else:
            print(line.replace("**", ""))
    return 0


def vocab_mapping(items: list[str] | None) -> dict[str, dict[str, str]]:
    """--map-value items (« Colonne:valeur=valeur retenue ») as {colonne: {valeur: retenue}}."""
    from ingest.vocab import parse_map_value

    out: dict[str, dict[str, str]] = {}
    for item in items or []:
        column, value, target = parse_map_value(item)
        out.setdefault(column, {})[value] = target
    return out


def coded_columns(prepared) -> str:
    from ingest.profiles import SOURCES
    from ingest.service import field_vocabularies

    vocabularies = field_vocabularies(prepared.source)
    labels = {f.name: f.synonyms[0] for sheet in SOURCES[prepared.source].sheets for f in sheet.fields}
    names = sorted({labels[c] for s in prepared.sheets for c in s.frame.columns
                    if vocabularies.get(c)})
    return "colonnes possibles : " + (", ".join(names) or "aucune")


def cmd_mappings(args, store: Store) -> int:
    from data import mappings
    from ingest.parse import norm_label
    from ingest.profiles import SOURCES
    from ingest.service import field_vocabularies

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
        vocabularies = field_vocabularies(source) if source in SOURCES else {}
        label = SOURCES[source].label if source in SOURCES else source
        print(f"Source « {source} » ({label})")
        for header, f in sorted(cols.items()):
            name = known[f].synonyms[0] if f in known else f
            print(f"  colonne « {header} » → {name} ({f})")
        for f, by_value in sorted(vals.items()):
            vocab = vocabularies.get(f)
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
        df = pd.DataFrame([{**{k: getattr(r, k) for k in ("id", "created_at", "user", "source", "territory",
                                                          "period", "file_name", "status", "rows_read",
                                                          "rows_stored", "rows_rejected")},
                            "covers": r.covers, "archive": _archive_state(store, r)}
                           for r in cat.imports])
    if args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        if "status" in df:
            from data.catalog import STATUS_WORDS

            df["status"] = df["status"].map(lambda v: STATUS_WORDS.get(v, v))
        if "covers" in df:  # « janvier à décembre 2025 » (the months an extraction covers)
            from wording.import_outcome import period_label

            df["covers"] = [period_label(p, c) if c else "" for p, c in
                            zip(df["period"], df["covers"], strict=True)]
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
    from wording.import_outcome import period_label
    from wording.rollback import rollback_lines

    print(f"Import n° {rec.id} annulé ({rec.source}, {rec.territory}, "
          f"{period_label(rec.period, rec.covers)}).")
    for line in rollback_lines(rec, store.catalog())[1:]:  # (the first: the page's title)
        print(line.replace("**", ""))
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
    p = FrenchParser(
        prog="python -m cli",
        description="Tableau de bord emploi territorial : importer les exports, calculer les "
                    "chiffres clés, exporter, gérer les comptes et les sauvegardes.",
        epilog="Aide d'une commande : python -m cli COMMANDE --help. Un argument invalide, un "
               "fichier illisible ou des lignes invalides donnent un message en français et le "
               "code de sortie 2.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=FrenchParser,
                           title="commandes", metavar="COMMANDE")
    d = sub.add_parser("demo", help="Écrire les exports de démonstration et les importer.",
                       description="Écrit les fichiers de démonstration des deux territoires "
                                   "(dans les formats que les gestionnaires déposent) et les "
                                   "importe.")
    d.add_argument("--if-empty", action="store_true",
                   help="Ne rien faire si le stockage contient déjà des données.")
    d.add_argument("--remove", action="store_true",
                   help="Retirer les données de démonstration (elles restent dans "
                        "l'historique) ; les imports réels ne changent pas.")
    f = sub.add_parser("figures", help="Chiffres clés d'un territoire pour une année.",
                       description="Calcule les chiffres clés d'une année (et de l'année "
                                   "précédente) avec les mêmes requêtes que les pages.")
    f.add_argument("--territory", required=True, metavar="TERRITOIRE",
                   help=f"Territoire (obligatoire) : {', '.join(territories.definitions())}.")
    f.add_argument("--year", required=True, type=int, metavar="ANNÉE",
                   help="Année des chiffres (obligatoire), par exemple 2025.")
    f.add_argument("--commune", metavar="INSEE",
                   help="Code INSEE d'une commune du territoire : ses chiffres seulement.")
    f.add_argument("--qpv", metavar="CODE",
                   help="Code d'un quartier prioritaire (QN… de 2024 ou QP… de 2015) : ses "
                        "chiffres seulement.")
    f.add_argument("--format", choices=["csv", "json"], default="csv",
                   help="Format de sortie : csv (par défaut) ou json.")
    sm = sub.add_parser("summary", help="L'année en quelques phrases (« Ce que disent les "
                                        "chiffres »).",
                        description="Écrit l'année en 5 à 8 phrases, chacune avec les "
                                    "indicateurs et les valeurs sur lesquels elle repose ; le "
                                    "secret statistique du profil choisi s'applique.")
    sm.add_argument("--territory", required=True, metavar="TERRITOIRE",
                    help=f"Territoire (obligatoire) : {', '.join(territories.definitions())}.")
    sm.add_argument("--year", required=True, type=int, metavar="ANNÉE",
                    help="Année (obligatoire), par exemple 2025.")
    sm.add_argument("--commune", metavar="INSEE",
                    help="Code INSEE d'une commune du territoire (sinon : le territoire).")
    sm.add_argument("--role", choices=["elu", "lecteur", "gestionnaire"], default="elu",
                    help="Profil du lecteur : le secret statistique s'applique sauf pour "
                         "« gestionnaire » (par défaut : elu).")
    sm.add_argument("--format", choices=["text", "json"], default="text",
                    help="Texte lisible ou JSON avec les identifiants et les valeurs "
                         "(par défaut : text).")
    i = sub.add_parser(
        "import", help="Contrôler puis importer un fichier, tout ou rien.",
        description="Contrôle un fichier (lecture, reconnaissance de l'export, contrôle des "
                    "lignes), affiche le rapport regroupé par règle, puis l'enregistre en une "
                    "fois. Un fichier déjà importé à l'identique n'est pas enregistré une "
                    "seconde fois (code de sortie 0).")
    i.add_argument("file", metavar="FICHIER",
                   help="Fichier à importer : .xlsx, .xls, .ods ou .csv.")
    i.add_argument("--source", metavar="SOURCE",
                   help="Type d'export, si la détection automatique se trompe : "
                        + ", ".join(_source_keys()) + ".")
    i.add_argument("--period", metavar="PÉRIODE",
                   help="Période que décrivent les chiffres, AAAA-MM ou AAAA ; obligatoire pour "
                        "les fichiers sans date (fichiers ONPV des QPV), déduite des dates du "
                        "fichier sinon.")
    i.add_argument("--territory", metavar="TERRITOIRE",
                   help="Territoire de l'import ; déduit des communes du fichier sinon.")
    i.add_argument("--map", action="append", metavar="EN-TÊTE=CHAMP",
                   help="Associer une colonne du fichier à un champ (répétable) ; "
                        "l'association est retenue pour les prochains fichiers de la source.")
    i.add_argument("--map-value", action="append", metavar="COLONNE:VALEUR=RETENUE",
                   help="Dire ce que signifie une valeur inconnue d'une colonne codée, par "
                        "exemple « Civilité:Monsieur=H », ou quelle commune désigne une "
                        "commune non reconnue, par son code INSEE ou son nom exact, par "
                        "exemple « Commune:MARQUETTE=59386 » (répétable) ; l'association est "
                        "retenue pour les prochains fichiers de la source.")
    i.add_argument("--drop-invalid-rows", action="store_true",
                   help="Importer sans les lignes invalides (le choix est noté dans "
                        "l'historique) au lieu de tout refuser.")
    i.add_argument("--report", metavar="RAPPORT.xlsx",
                   help="Écrire le rapport de contrôle complet (le même que celui de la page "
                        "d'import) dans ce classeur Excel.")
    i.add_argument("--user", default="cli", metavar="NOM",
                   help="Nom noté dans l'historique et le journal d'audit (par défaut : cli).")
    mp = sub.add_parser("mappings", help="Associations de colonnes et de valeurs enregistrées.",
                        description="Liste les associations enregistrées pour chaque source "
                                    "(par la page d'import, --map ou --map-value), ou en retire.")
    mp.add_argument("--source", metavar="SOURCE",
                    help="Seulement les associations de cette source (plie, ml, de_commune…).")
    msub = mp.add_subparsers(dest="action", parser_class=FrenchParser, title="actions",
                             metavar="ACTION")
    mr = msub.add_parser("remove", help="Retirer des associations d'une source.",
                         description="Oublie des associations enregistrées d'une source.")
    mr.add_argument("--source", required=True, default=argparse.SUPPRESS, metavar="SOURCE",
                    help="Source dont on retire les associations (obligatoire).")
    mr.add_argument("items", nargs="+", metavar="ASSOCIATION",
                    help="Associations à retirer : « En-tête » pour une colonne, "
                         "« Colonne:valeur » pour une valeur (plusieurs possibles).")
    h = sub.add_parser("history", help="Historique des imports.",
                       description="Liste les imports du plus ancien au plus récent, ou le "
                                   "détail d'un import.")
    h.add_argument("import_id", nargs="?", type=int, metavar="N°",
                   help="Numéro d'un import : son détail au lieu de la liste.")
    h.add_argument("--rows", action="store_true",
                   help="Avec un numéro : les lignes enregistrées (pseudonymisées).")
    h.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="Format de sortie : table (par défaut), csv ou json.")
    r = sub.add_parser("rollback", help="Annuler un import (celui qu'il remplaçait redevient "
                                        "actif).",
                       description="Retire un import actif ; l'import qu'il avait remplacé "
                                   "redevient actif. Rien n'est effacé.")
    r.add_argument("import_id", type=int, metavar="N°", help="Numéro de l'import à annuler.")
    r.add_argument("--user", default="cli", metavar="NOM",
                   help="Nom noté dans le journal d'audit (par défaut : cli).")
    export_cmd.configure(sub.add_parser(
        "export", help="Exporter les chiffres : classeur Excel, présentation, fiche commune.",
        description="Écrit le classeur Excel du territoire (ou d'une commune), la "
                    "présentation de l'assemblée générale ou la fiche commune à imprimer, "
                    "selon l'extension de --out."))
    u = sub.add_parser("users", help="Comptes locaux (création, rôle, communes, suppression).",
                       description="Gère les comptes locaux (mots de passe hachés avec "
                                   "Argon2, verrouillage après 5 échecs).")
    usub = u.add_subparsers(dest="action", required=True, parser_class=FrenchParser,
                            title="actions", metavar="ACTION")
    ua = usub.add_parser("add", help="Créer un compte.", description="Crée un compte local.")
    ua.add_argument("name", metavar="NOM", help="Nom de connexion du compte.")
    ua.add_argument("--role", required=True, metavar="RÔLE",
                    help="Rôle (obligatoire) : gestionnaire, elu ou lecteur.")
    ua.add_argument("--password-stdin", action="store_true",
                    help="Lire le mot de passe sur l'entrée standard (obligatoire).")
    ua.add_argument("--communes", nargs="*", metavar="INSEE",
                    help="Codes INSEE que le compte voit en détail (élus) ; aucun : toutes.")
    ur = usub.add_parser("remove", help="Supprimer un compte.", description="Supprime un compte.")
    ur.add_argument("name", metavar="NOM", help="Nom du compte à supprimer.")
    us = usub.add_parser("set-role", help="Changer le rôle d'un compte.",
                         description="Change le rôle d'un compte.")
    us.add_argument("name", metavar="NOM", help="Nom du compte.")
    us.add_argument("role", metavar="RÔLE", help="Nouveau rôle : gestionnaire, elu ou lecteur.")
    uc = usub.add_parser("set-communes", help="Limiter un compte à des communes (aucune : "
                                              "toutes).",
                         description="Limite le détail visible par un compte à des communes.")
    uc.add_argument("name", metavar="NOM", help="Nom du compte.")
    uc.add_argument("communes", nargs="*", metavar="INSEE",
                    help="Codes INSEE des communes ; aucun : toutes les communes.")
    usub.add_parser("list", help="Lister les comptes.", description="Liste les comptes locaux.")
    territory_cmd.configure_territory(sub.add_parser(
        "territory", help="Définir, lister, modifier ou supprimer des territoires.",
        description="Gère les territoires : les deux territoires intégrés et ceux que vous "
                    "définissez (enregistrés dans le dossier de données, notés dans le journal "
                    "d'audit, inclus dans les sauvegardes)."), FrenchParser)
    territory_cmd.configure_geo(sub.add_parser(
        "geo", help="Importer des contours (communes, QPV) pour les cartes.",
        description="Contours des communes ou des quartiers prioritaires pour les cartes."),
        FrenchParser)
    b = sub.add_parser("backup", help="Sauvegarder le stockage.",
                       description="Écrit une archive tar.gz cohérente du stockage.")
    b.add_argument("file", metavar="FICHIER", help="Archive à écrire (.tar.gz).")
    rs = sub.add_parser("restore", help="Restaurer une sauvegarde.",
                        description="Restaure une sauvegarde ; l'état remplacé est mis de "
                                    "côté.")
    rs.add_argument("file", metavar="FICHIER", help="Archive à restaurer (.tar.gz).")
    pa = sub.add_parser("purge-archive", help="Supprimer les fichiers bruts archivés trop "
                                              "anciens.",
                        description="Supprime les fichiers bruts archivés au-delà de la durée "
                                    "de conservation ; les lignes importées restent.")
    pa.add_argument("--months", type=int, metavar="MOIS",
                    help="Durée de conservation en mois (par défaut : le réglage "
                         "TBE_ARCHIVE_RETENTION_MONTHS).")
    pa.add_argument("--person-months", type=int, metavar="MOIS",
                    help="Durée de conservation des fichiers nominatifs (PLIE, Mission Locale, "
                         "clauses) en mois (par défaut : le réglage "
                         "TBE_PERSON_ARCHIVE_RETENTION_MONTHS).")
    pa.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")
    a = sub.add_parser("archive", help="Fichiers bruts archivés (chiffrés).",
                       description="Lit ou chiffre les fichiers bruts archivés.")
    asub = a.add_subparsers(dest="action", required=True, parser_class=FrenchParser,
                            title="actions", metavar="ACTION")
    ag = asub.add_parser("get", help="Écrire le fichier brut d'un import, déchiffré.",
                         description="Écrit le fichier brut d'un import, déchiffré (l'accès "
                                     "est noté dans le journal d'audit).")
    ag.add_argument("import_id", type=int, metavar="N°", help="Numéro de l'import.")
    ag.add_argument("--out", required=True, metavar="FICHIER",
                    help="Fichier à écrire (il ne doit pas exister).")
    ag.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")
    ae = asub.add_parser("encrypt", help="Chiffrer les fichiers bruts archivés en clair.",
                         description="Chiffre les fichiers bruts qu'une version antérieure "
                                     "a archivés en clair.")
    ae.add_argument("--user", default="cli", metavar="NOM",
                    help="Nom noté dans le journal d'audit (par défaut : cli).")
    return p


def _source_keys() -> list[str]:
    from ingest.profiles import SOURCES

    return list(SOURCES)


COMMANDS = {"demo": cmd_demo, "figures": cmd_figures, "summary": cmd_summary,
            "import": cmd_import,
            "history": cmd_history, "mappings": cmd_mappings, "rollback": cmd_rollback,
            "export": export_cmd.run, "users": cmd_users, "backup": cmd_backup,
            "restore": cmd_restore, "purge-archive": cmd_purge, "archive": cmd_archive,
            "territory": territory_cmd.run_territory, "geo": territory_cmd.run_geo}

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
    if isinstance(getattr(args, "territory", None), str):  # « LENS » for « lens »
        args.territory = territories.resolve(args.territory) or args.territory
    if args.command == "territory" and isinstance(getattr(args, "code", None), str) \
            and args.action != "add":
        args.code = territories.resolve(args.code) or args.code
    try:
        store = Store()
        maintain(args, store)
        return COMMANDS[args.command](args, store)
    except KeyboardInterrupt:
        return fail("interrompu.")
    except BrokenPipeError:  # `history | head`: the reader has what it wanted
        try:  # stdout pointed at nothing, so that Python's own flush at exit says nothing
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # a stdout without a file (io.UnsupportedOperation)
            pass
        return 0
    except Exception as e:  # never a traceback for the user; the store is unchanged
        sys.stderr.write(f"Erreur interne ({type(e).__name__} : {e}). Rien n'a été enregistré.\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
