"""Raw files archived with each import, encrypted at rest with AES-256-GCM.

The raw file a manager uploads is kept for a while (a re-import, a dispute over a
figure), but a PLIE or Mission Locale export holds names, NIR, e-mails and phone
numbers in clear. Every archived file is therefore written encrypted:

    MAGIC (8 bytes) | nonce (12 random bytes) | ciphertext and GCM tag (16 bytes)

with the magic as associated data, so a truncated, altered or foreign file fails to
decrypt instead of yielding wrong bytes. A fresh random nonce per file: with a 96-bit
nonce, collisions stay negligible far beyond the number of imports an installation makes.

The key is `archive.key` in the data directory, beside `secret.key`: 32 random bytes
written in hex, mode 0600, created on first use. It is a separate file rather than a
key derived from `secret.key` because the two secrets have different lives: `secret.key`
is mixed into every pseudonym stored in the Parquet files and can never change without
breaking the link between imports of the same person, whereas the archive key protects
a few short-lived files and can be replaced (decrypt with the old key, encrypt with a
new one) or kept apart from the data directory by an operator without touching any
pseudonym. A backup holds both keys, so a restored store can read its archives.
"""

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE = "archive.key"
SUFFIX = ".enc"  # archived file names end with it once encrypted
MAGIC = b"TBEARC1\n"
NONCE_BYTES = 12
KEY_BYTES = 32


class ArchiveCryptoError(Exception):
    """An archived file cannot be decrypted (another key, or a damaged file)."""


def new_key_text() -> bytes:
    return secrets.token_hex(KEY_BYTES).encode()


def parse_key(text: bytes) -> bytes:
    """The 32-byte key written in hex in `archive.key`."""
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError) as e:
        raise ArchiveCryptoError("clé des archives illisible") from e
    if len(key) != KEY_BYTES:
        raise ArchiveCryptoError("clé des archives de longueur inattendue")
    return key


def read_key(path: Path) -> bytes:
    return parse_key(path.read_bytes())


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def encrypt(key: bytes, clear: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, clear, MAGIC)


def decrypt(key: bytes, blob: bytes) -> bytes:
    if not is_encrypted(blob) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
        raise ArchiveCryptoError("ce n'est pas une archive chiffrée")
    nonce = blob[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES:], MAGIC)
    except InvalidTag as e:
        raise ArchiveCryptoError("clé différente ou fichier abîmé") from e
