"""Local accounts (the embedded default when no OpenID Connect provider is configured).

Passwords are hashed with Argon2 (argon2-cffi); an unknown name is checked against a dummy
hash of the same parameters, so it costs the same time as a wrong password and the answer's
delay does not tell which names exist. After `MAX_FAILURES` wrong passwords an account is
locked for `LOCK_MINUTES`. Accounts live in `<data dir>/users.json`, replaced
atomically under the catalogue's lock.
"""

import datetime as dt
import functools
import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

import settings
from data import audit
from data.catalog import locked, write_atomically

ROLES = {
    "gestionnaire": "Gestionnaire (imports, historique, chiffres non masqués)",
    "elu": "Élu (tableaux de bord et exports, chiffres masqués)",
    "lecteur": "Lecteur (pages publiées seulement)",
}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash with the same parameters as the accounts', checked when the name is unknown
    so that an unknown name costs the same Argon2 time as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


class UserError(Exception):
    """A refused account operation; the message is French."""


@dataclass
class User:
    name: str
    role: str
    password_hash: str
    communes: list[str] = field(default_factory=list)  # empty = every commune
    failures: int = 0
    locked_until: str | None = None


def _path(data_dir: Path | None) -> Path:
    return Path(data_dir or settings.data_dir()) / "users.json"


def load(data_dir: Path | None = None) -> dict[str, User]:
    try:
        raw = json.loads(_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {u["name"]: User(**u) for u in raw}


def _save(users: dict[str, User], data_dir: Path | None) -> None:
    path = _path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps([asdict(u) for u in users.values()], ensure_ascii=False,
                                      indent=1).encode("utf-8"))


def _lock(data_dir: Path | None):
    return locked(Path(data_dir or settings.data_dir()) / "catalog.lock")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"Rôle inconnu « {role} » (rôles : {', '.join(ROLES)}).")


def _check_communes(communes: list[str] | None) -> list[str]:
    """INSEE codes of the COG, deduplicated in order; UserError naming the unknown ones."""
    from data import reference

    codes = list(dict.fromkeys(c.strip().upper() for c in communes or [] if c.strip()))
    known = set(reference.communes()["code_insee"])
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UserError(f"Code(s) commune inconnu(s) : {', '.join(unknown)} (codes INSEE du COG "
                        "2024, par exemple 59350 pour Lille).")
    return codes


def check_name(name: str) -> None:
    """UserError when `name` cannot name an account (the rule of `add`, for a form to
    check before it submits)."""
    if not name or not name.replace(".", "").replace("-", "").replace("_", "").replace("@", "").isalnum():
        raise UserError("Identifiant invalide : lettres, chiffres, point, tiret, @ et _ seulement.")


def check_password(password: str) -> None:
    """UserError when `password` is refused by `add`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Mot de passe trop court : au moins {MIN_PASSWORD_LENGTH} caractères.")


def add(name: str, role: str, password: str, communes: list[str] | None = None,
        data_dir: Path | None = None, by: str = "cli") -> User:
    _check_role(role)
    check_name(name)
    check_password(password)
    communes = _check_communes(communes)
    with _lock(data_dir):
        users = load(data_dir)
        if name in users:
            raise UserError(f"L'utilisateur « {name} » existe déjà.")
        users[name] = User(name, role, _hasher.hash(password), communes)
        _save(users, data_dir)
    audit.record("compte_cree", by, data_dir, account=name, role=role)
    return users[name]


def remove(name: str, data_dir: Path | None = None, by: str = "cli") -> None:
    with _lock(data_dir):
        users = load(data_dir)
        if name not in users:
            raise UserError(f"L'utilisateur « {name} » n'existe pas.")
        del users[name]
        _save(users, data_dir)
    audit.record("compte_supprime", by, data_dir, account=name)


def _set(name: str, attribute: str, value, data_dir: Path | None):
    """Change one attribute of an account under the lock; its previous value."""
    with _lock(data_dir):
        users = load(data_dir)
        if name not in users:
            raise UserError(f"L'utilisateur « {name} » n'existe pas.")
        old = getattr(users[name], attribute)
        setattr(users[name], attribute, value)
        _save(users, data_dir)
    return old


def set_communes(name: str, communes: list[str], data_dir: Path | None = None,
                 by: str = "cli") -> None:
    """Limit an account to these communes (an empty list: every commune)."""
    communes = _check_communes(communes)
    old = _set(name, "communes", communes, data_dir)
    audit.record("communes_modifiees", by, data_dir, account=name, old_communes=old,
                 communes=communes)


def set_role(name: str, role: str, data_dir: Path | None = None, by: str = "cli") -> None:
    _check_role(role)
    old = _set(name, "role", role, data_dir)
    audit.record("role_modifie", by, data_dir, account=name, old_role=old, role=role)


def authenticate(name: str, password: str, data_dir: Path | None = None,
                 now: dt.datetime | None = None) -> User:
    """The user, or UserError with a French message (never says which part was wrong)."""
    now = now or dt.datetime.now(dt.UTC)
    dummy = _dummy_hash()  # made before the lookup: the first call costs the same either way
    with _lock(data_dir):
        users = load(data_dir)
        user = users.get(name)
        if user is None:
            try:
                _hasher.verify(dummy, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                pass
            audit.record("connexion_refusee", name, data_dir)
            raise UserError("Identifiant ou mot de passe incorrect.")
        if user.locked_until and dt.datetime.fromisoformat(user.locked_until) > now:
            audit.record("connexion_refusee_compte_verrouille", name, data_dir)
            raise UserError("Compte verrouillé après trop d'essais : réessayez dans "
                            f"{LOCK_MINUTES} minutes ou demandez à un gestionnaire.")
        try:
            _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            user.failures += 1
            if user.failures >= MAX_FAILURES:
                user.locked_until = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat()
                user.failures = 0
            _save(users, data_dir)
            audit.record("connexion_refusee", name, data_dir)
            raise UserError("Identifiant ou mot de passe incorrect.") from None
        user.failures, user.locked_until = 0, None
        _save(users, data_dir)
    audit.record("connexion", name, data_dir, role=user.role)
    return user
