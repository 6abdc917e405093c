"""Which export a file is, said in a sentence: the guess, the columns it recognised and
the runner-up (the scores stay in the server log).

Without a source given, the pipeline takes the source whose profiles recognise the most
columns (`ingest.match.candidates`). This module words that choice for the manager, and
the refusals when nothing fits: the two closest sources and the required columns each
missed, or « ce fichier n'est pas un export pris en charge » for the public reference
files managers sometimes drop by mistake (a population table, the postal codes, the BMO
survey, the COG), saying what the file looks like.
"""

import re
from dataclasses import dataclass

import pandas as pd

from ingest.match import HEADER_SCAN_ROWS, SheetMatch
from ingest.parse import norm_label
from ingest.profiles import SOURCES


@dataclass(frozen=True)
class Detection:
    source: str
    score: float
    runner_up: str | None = None
    runner_up_score: float | None = None
    given: bool = False  # the source was chosen by the manager, not guessed
    columns: tuple[str, ...] = ()  # the headers of the file the guessed source recognised

    def sentence(self) -> str:
        """The choice as a manager reads it: the source, the columns that made it, the next
        closest source; never the scores, which mean nothing outside the code (`scores`)."""
        if self.given:
            return f"Source indiquée : « {SOURCES[self.source].label} »."
        text = f"Source reconnue : « {SOURCES[self.source].label} »"
        if self.columns:
            text += f", d'après ses colonnes {_quoted(self.columns)}"
        if self.runner_up:
            text += (f" ; la source la plus proche ensuite est « {SOURCES[self.runner_up].label} »")
        else:
            text += " ; aucune autre source ne reconnaît ses colonnes"
        return text + "."

    def nearest(self) -> str:
        """The guess of a file refused for missing columns: the closest source, not a
        recognised one."""
        text = f"Le fichier ressemble le plus à un export « {SOURCES[self.source].label} »"
        if self.columns:
            text += f" (colonnes reconnues : {_quoted(self.columns)})"
        if self.runner_up:
            text += f", puis à un export « {SOURCES[self.runner_up].label} »"
        return text + "."

    def scores(self) -> str:
        """The scores behind the choice, for the server log."""
        return (f"source {self.source} score {_fmt(self.score)}; runner-up {self.runner_up} "
                f"score {_fmt(self.runner_up_score)}")


SHOWN_COLUMNS = 5  # headers named in the sentence; more are counted


def _quoted(headers: tuple[str, ...]) -> str:
    """« « A », « B » et « C » », or « « A », … « E » et 3 autres » beyond SHOWN_COLUMNS."""
    named = [f"« {h} »" for h in headers[:SHOWN_COLUMNS]]
    rest = len(headers) - len(named)
    if rest:
        return ", ".join(named) + f" et {rest} autre{'s' if rest > 1 else ''}"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " et " + named[-1]


def _fmt(score: float | None) -> str:
    if score is None:
        return "–"
    return str(int(score)) if float(score).is_integer() else f"{score:.1f}".replace(".", ",")


def source_scores(matches: list[SheetMatch]) -> dict[str, float]:
    """Total score of each source over the sheets it was taken for (`enough` matches)."""
    scores: dict[str, float] = {}
    for m in matches:
        if m.enough:
            scores[m.source.key] = scores.get(m.source.key, 0.0) + m.score
    return scores


def detection(chosen: str, matches: list[SheetMatch], given: bool) -> Detection:
    """The guess and the runner-up among the sources that recognised the file's sheets.

    `matches`: the best match of each source for each sheet (`enough` or not)."""
    scores = source_scores(matches)
    others = sorted(((s, k) for k, s in scores.items() if k != chosen), reverse=True)
    runner = others[0] if others else None
    return Detection(chosen, scores.get(chosen, 0.0), runner[1] if runner else None,
                     runner[0] if runner else None, given, _recognised(chosen, matches))


def _recognised(source: str, matches: list[SheetMatch]) -> tuple[str, ...]:
    """The headers the source recognised, in file order, once each (several sheets may
    repeat them): its `enough` matches, else its best ones."""
    mine = [m for m in matches if m.source.key == source]
    mine = [m for m in mine if m.enough] or mine
    out: dict[str, None] = {}
    for m in mine:
        for i in sorted(m.columns.values()):
            if m.headers[i]:
                out.setdefault(m.headers[i], None)
    return tuple(out)


def closest_sources(matches: list[SheetMatch], n: int = 2) -> str:
    """« « X » (il manque « A », « B ») ; « Y » (…) » for the n sources nearest to fitting."""
    best: dict[str, SheetMatch] = {}
    for m in matches:
        kept = best.get(m.source.key)
        if kept is None or _closeness(m) > _closeness(kept):
            best[m.source.key] = m
    ranked = sorted(best.values(), key=_closeness, reverse=True)[:n]
    parts = []
    for m in ranked:
        missing = [f"« {m.profile.header(f)} »" for f in m.missing_required]
        found = ", ".join(f"« {m.headers[i]} »" for i in sorted(m.columns.values()))
        what = (f"il manque {', '.join(missing)}" if missing
                else "trop peu de colonnes reconnues")
        parts.append(f"« {m.source.label} » ({what} ; reconnues : {found or 'aucune'})")
    return " ; ".join(parts)


def _closeness(m: SheetMatch) -> tuple:
    return (-len(m.missing_required), len(m.columns), m.score)


# -- files that are not exports ----------------------------------------------------------
@dataclass(frozen=True)
class NotAnExport:
    what: str  # « une table des populations légales (Insee) »
    headers: tuple[str, ...]  # normalised labels, or regular expressions after « re: »
    advice: str


NOT_EXPORTS = (
    NotAnExport("une table des populations légales de l'Insee (une ligne par commune : "
                "population municipale, comptée à part, totale)",
                ("pmun", "pcap", "ptot", "codcom", "codarr", "codcan", "population municipale",
                 "population totale", "population comptee a part"),
                "Les populations sont déjà fournies avec l'application."),
    NotAnExport("un fichier des codes postaux de La Poste (code INSEE, nom, code postal, "
                "acheminement)",
                ("code commune insee", "nom commune", "code postal", "ligne 5",
                 "libelle d acheminement", "coordonnees gps", "code_commune_insee"),
                "La correspondance des codes postaux est déjà fournie avec l'application."),
    NotAnExport("l'enquête Besoins en main-d'œuvre (BMO) de France Travail (projets de "
                "recrutement par métier et bassin d'emploi)",
                ("code metier bmo", "nom metier bmo", "famille met", "lbl fam met", "met",
                 "xmet", "smet", "nomdept", "nom reg", "re:be\\d{2}", "re:nombe\\d{2}"),
                "Les projets de recrutement ne sont pas un indicateur du tableau de bord."),
    NotAnExport("le Code officiel géographique de l'Insee (la liste des communes)",
                ("typecom", "comparent", "ncc", "nccenr", "tncc", "ctcd", "libelle"),
                "La liste des communes est déjà fournie avec l'application."),
)
MIN_HITS = 3


def _hits(headers: list[str], kind: NotAnExport) -> list[str]:
    found = []
    for h in headers:
        label = norm_label(h)
        if not label:
            continue
        for pattern in kind.headers:
            if (re.fullmatch(pattern[3:], label) if pattern.startswith("re:")
                    else label == norm_label(pattern)):
                found.append(h)
                break
    return found


def not_an_export(frames: list[tuple[str, pd.DataFrame]]) -> str | None:
    """The sentence saying what the file looks like, when it is a known reference file."""
    best: tuple[int, NotAnExport, list[str]] | None = None
    for _, frame in frames:
        for row in range(min(HEADER_SCAN_ROWS, len(frame))):
            headers = ["" if v is None else str(v).strip() for v in frame.iloc[row].tolist()]
            for kind in NOT_EXPORTS:
                hits = _hits(headers, kind)
                if len(hits) >= MIN_HITS and (best is None or len(hits) > best[0]):
                    best = (len(hits), kind, hits)
    if best is None:
        return None
    _, kind, hits = best
    shown = ", ".join(f"« {h} »" for h in hits[:6])
    return (f"ce fichier n'est pas un export pris en charge : il ressemble à {kind.what} "
            f"(colonnes {shown}). {kind.advice} Déposez un export de vos outils (PLIE, "
            "Mission Locale, Maison de l'Emploi) ou un fichier de demandeurs d'emploi.")
