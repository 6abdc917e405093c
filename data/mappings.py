"""Mappings saved per source: the field a header holds, and the stored value a cell means.

A manager who tells the importer once that « N° dossier » is the participant identifier,
or that « Hme » in the sex column means H, should not have to say it again next month.
The mappings live in `<data dir>/mappings.json` as
`{"<source>": {"<header as in the file>": "<field>"},
  "_values": {"<source>": {"<field>": {"<value as in the file>": "<stored value>"}}}}`,
replaced atomically under the catalogue lock, like the catalogue itself.
"""

import json
import logging
from pathlib import Path

from data.catalog import locked, write_atomically
from data.store import Store

FILE_NAME = "mappings.json"
VALUES_KEY = "_values"  # not a source: the value mappings of every source

log = logging.getLogger(__name__)


def mappings_path(store: Store) -> Path:
    return store.data_dir / FILE_NAME


def _read(store: Store) -> dict:
    path = mappings_path(store)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("Unreadable column mappings in %s: ignored", path, exc_info=True)
        return {}
    return raw if isinstance(raw, dict) else {}


def load_all(store: Store) -> dict[str, dict[str, str]]:
    """Every saved column mapping, by source; an unreadable file counts as empty (and is logged)."""
    return _columns(_read(store))


def _columns(raw: dict) -> dict[str, dict[str, str]]:
    return {
        str(source): {str(h): str(f) for h, f in mapping.items() if h and f and isinstance(f, str)}
        for source, mapping in raw.items()
        if isinstance(mapping, dict) and not str(source).startswith("_")
    }


def _values(raw: dict) -> dict[str, dict[str, dict[str, str]]]:
    values = raw.get(VALUES_KEY)
    if not isinstance(values, dict):
        return {}
    return {
        str(source): {str(f): {str(v): str(t) for v, t in by_value.items() if str(v).strip() and t}
                      for f, by_value in fields.items() if isinstance(by_value, dict)}
        for source, fields in values.items() if isinstance(fields, dict)
    }


def load_values_all(store: Store) -> dict[str, dict[str, dict[str, str]]]:
    """Every saved value mapping: source -> field -> value as written -> stored value."""
    return _values(_read(store))


def load_values(store: Store, source: str) -> dict[str, dict[str, str]]:
    """The saved value mappings of one source: field -> value as written -> stored value."""
    return load_values_all(store).get(source, {})


def _write(store: Store, columns: dict, values: dict) -> None:
    everything: dict = dict(sorted((s, dict(sorted(m.items()))) for s, m in columns.items() if m))
    kept = {s: {f: dict(sorted(v.items())) for f, v in sorted(fields.items()) if v}
            for s, fields in sorted(values.items())}
    kept = {s: fields for s, fields in kept.items() if fields}
    if kept:
        everything[VALUES_KEY] = kept
    text = json.dumps(everything, ensure_ascii=False, indent=1)
    write_atomically(mappings_path(store), (text + "\n").encode("utf-8"))


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
        raw = _read(store)
        everything, values = _columns(raw), _values(raw)
        current = dict(everything.get(source, {}))
        for header, field_name in mapping.items():
            header = str(header).strip()
            if not header:
                continue
            if field_name:
                current[header] = str(field_name).strip()
            else:
                current.pop(header, None)
        everything[source] = current
        _write(store, everything, values)
    return current


def save_values(store: Store, source: str,
                mapping: dict[str, dict[str, str | None]]) -> dict[str, dict[str, str]]:
    """Merge value mappings (field -> value as written -> stored value) into those of `source`.

    A value mapped to an empty target is forgotten."""
    if not source:
        raise ValueError("a mapping is saved for a source")
    store.ensure()
    with locked(store.lock_path):
        raw = _read(store)
        columns, values = _columns(raw), _values(raw)
        current = {f: dict(v) for f, v in values.get(source, {}).items()}
        for field_name, by_value in mapping.items():
            mine = current.setdefault(str(field_name), {})
            for value, target in by_value.items():
                value = str(value).strip()
                if not value:
                    continue
                if target:
                    mine[value] = str(target).strip()
                else:
                    mine.pop(value, None)
        values[source] = {f: v for f, v in current.items() if v}
        _write(store, columns, values)
    return values[source]


def remove(store: Store, source: str, headers: list[str] = (),
           values: list[tuple[str, str]] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """Forget column mappings (by header) and value mappings (by field and value as written) of
    `source`; returns those that were saved and are now gone."""
    store.ensure()
    with locked(store.lock_path):
        raw = _read(store)
        columns, saved = _columns(raw), _values(raw)
        mine = dict(columns.get(source, {}))
        gone_headers = [h for h in headers if mine.pop(h, None) is not None]
        fields = {f: dict(v) for f, v in saved.get(source, {}).items()}
        gone_values = [(f, v) for f, v in values if fields.get(f, {}).pop(v, None) is not None]
        columns[source] = mine
        saved[source] = fields
        if gone_headers or gone_values:
            _write(store, columns, saved)
    return gone_headers, gone_values
