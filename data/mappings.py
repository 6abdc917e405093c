"""Column mappings saved per source: a header of the manager's files and the field it holds.

A manager who tells the importer once that « N° dossier » is the participant identifier
should not have to say it again next month. The mappings live in
`<data dir>/mappings.json` as `{"<source>": {"<header as in the file>": "<field>"}}`,
replaced atomically under the catalogue lock, like the catalogue itself.
"""

import json
import logging
from pathlib import Path

from data.catalog import locked, write_atomically
from data.store import Store

FILE_NAME = "mappings.json"

log = logging.getLogger(__name__)


def mappings_path(store: Store) -> Path:
    return store.data_dir / FILE_NAME


def load_all(store: Store) -> dict[str, dict[str, str]]:
    """Every saved mapping, by source; an unreadable file counts as empty (and is logged)."""
    path = mappings_path(store)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("Unreadable column mappings in %s: ignored", path, exc_info=True)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(source): {str(h): str(f) for h, f in mapping.items() if h and f}
        for source, mapping in raw.items()
        if isinstance(mapping, dict)
    }


def load(store: Store, source: str) -> dict[str, str]:
    """The saved mapping of one source: header in the file -> field name."""
    return load_all(store).get(source, {})


def save(store: Store, source: str, mapping: dict[str, str | None]) -> dict[str, str]:
    """Merge `mapping` into the saved mapping of `source` and return the result.

    A header mapped to an empty value (`""` or None) is forgotten: the manager chose
    not to import that column any more.
    """
    if not source:
        raise ValueError("a mapping is saved for a source")
    store.ensure()
    with locked(store.lock_path):
        everything = load_all(store)
        current = dict(everything.get(source, {}))
        for header, field_name in mapping.items():
            header = str(header).strip()
            if not header:
                continue
            if field_name:
                current[header] = str(field_name).strip()
            else:
                current.pop(header, None)
        if current:
            everything[source] = dict(sorted(current.items()))
        else:
            everything.pop(source, None)
        text = json.dumps(dict(sorted(everything.items())), ensure_ascii=False, indent=1)
        write_atomically(mappings_path(store), (text + "\n").encode("utf-8"))
    return current
