"""Encryption of what identifies a person, and blind indexes to find duplicates without decrypting.

Names, birth dates, contact details, free-text accounts and attachments are encrypted by the
application before they reach the database or the file storage, so that a copied database, a
backup or a storage bucket reveals nothing without the keys, which live outside the database
(an environment variable or a key file).

Algorithm: AES-256-GCM (authenticated encryption), one random 96-bit nonce per message. Each
token records the id of the key that made it, so keys can be rotated without downtime: a new key
becomes current, old keys stay in the ring for decryption, and a background job re-encrypts rows
whose ``key_id_of(token)`` is not the current key, in batches, resuming where it stopped.

Token format, version 1 (all lengths in bytes)::

    b"K1"          2   magic "K" and format version "1" (ASCII, so tokens are recognisable)
    key id length  1   1 to 64
    key id         n   ASCII letters, digits, ".", "_" and "-"
    nonce         12   random
    ciphertext     *   the encrypted plaintext followed by GCM's 16-byte tag

The header (magic, version, key id) is authenticated together with the caller's associated data,
so neither can be changed without decryption failing. Associated data is not stored in the token:
the caller passes the same value on both sides. Use it to bind a ciphertext to where it belongs
(for example ``b"cases.Case.last_name:" + case.uuid.bytes``), so a ciphertext copied into another
row or field does not decrypt.

Limits: random 96-bit nonces are safe for up to 2^32 messages per key (NIST SP 800-38D, 8.3);
rotate keys long before that (yearly rotation is far inside it for our volumes). Files are
encrypted whole in memory, not streamed: attachments are expected to be at most 25 MB, and
``encrypt`` refuses anything larger than ``MAX_PLAINTEXT_BYTES``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Magic byte and format version at the start of every token.
TOKEN_PREFIX = b"K1"
#: Bytes in an AES-256 key.
KEY_BYTES = 32
#: Bytes in a GCM nonce.
NONCE_BYTES = 12
#: Bytes in a GCM authentication tag.
TAG_BYTES = 16
#: Largest plaintext accepted: attachments are expected to be at most 25 MB, plus some margin.
MAX_PLAINTEXT_BYTES = 32 * 1024 * 1024
#: The smallest key accepted for blind indexes and key derivation, in bytes.
MIN_SECRET_BYTES = 16

_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class DecryptionError(Exception):
    """A token could not be decrypted: it is malformed, was changed, or its key is not in the ring.

    The message never says which, on purpose: the causes are indistinguishable to an attacker.
    """


class KeyConfigError(ValueError):
    """The key configuration is wrong. The message names the key id, never the key material."""


class KeyRing:
    """Named AES-256 keys, one of which is current: new tokens use it, all can decrypt."""

    def __init__(self, keys: Mapping[str, bytes], *, current: str) -> None:
        if not keys:
            raise KeyConfigError("The key ring is empty: configure at least one key.")
        for key_id, key in keys.items():
            _check_key_id(key_id)
            if len(key) != KEY_BYTES:
                raise KeyConfigError(
                    f"Key {key_id!r} is {len(key)} bytes long; it must be {KEY_BYTES} bytes."
                )
        if current not in keys:
            raise KeyConfigError(f"The current key {current!r} is not in the ring.")
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current

    @classmethod
    def from_config(cls, config: str) -> KeyRing:
        """Build a ring from ``"2026a:<base64 key>,2025b:<base64 key>"``; the first key is current.

        Entries may also be separated by newlines (a key file); blank lines and lines starting
        with ``#`` are ignored. Keys are 32 bytes in standard or URL-safe base64.
        """
        keys: dict[str, bytes] = {}
        entries = [
            entry.strip()
            for line in config.splitlines()
            if not line.strip().startswith("#")
            for entry in line.split(",")
        ]
        for number, entry in enumerate((entry for entry in entries if entry), start=1):
            key_id, separator, encoded = entry.partition(":")
            key_id, encoded = key_id.strip(), encoded.strip()
            if not separator or not key_id or not encoded:
                raise KeyConfigError(f"Key entry {number} is not of the form 'key-id:base64-key'.")
            _check_key_id(key_id)
            if key_id in keys:
                raise KeyConfigError(f"Key id {key_id!r} appears twice.")
            keys[key_id] = _decode_key(key_id, encoded)
        if not keys:
            raise KeyConfigError("No keys configured: expected 'key-id:base64-key[,...]'.")
        return cls(keys, current=next(iter(keys)))

    @property
    def current_key_id(self) -> str:
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        """All key ids in the ring, current first."""
        return (self._current, *(key_id for key_id in self._ciphers if key_id != self._current))

    def encrypt(self, plaintext: bytes, *, associated_data: bytes) -> bytes:
        """Encrypt ``plaintext`` with the current key into a token (see the module docstring)."""
        if len(plaintext) > MAX_PLAINTEXT_BYTES:
            raise ValueError(
                f"Refusing to encrypt {len(plaintext)} bytes in one piece; "
                f"the limit is {MAX_PLAINTEXT_BYTES}."
            )
        header = _header(self._current)
        nonce = secrets.token_bytes(NONCE_BYTES)
        ciphertext = self._ciphers[self._current].encrypt(nonce, plaintext, header + associated_data)
        return header + nonce + ciphertext

    def decrypt(self, token: bytes, *, associated_data: bytes) -> bytes:
        """Return the plaintext of ``token``; raise DecryptionError if that is not possible."""
        key_id, body_start = _parse_header(token)
        cipher = self._ciphers.get(key_id)
        body = token[body_start:]
        if cipher is None or len(body) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("The token cannot be decrypted.")
        nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
        try:
            return cipher.decrypt(nonce, ciphertext, token[:body_start] + associated_data)
        except InvalidTag:
            raise DecryptionError("The token cannot be decrypted.") from None

    def encrypt_text(self, text: str, *, associated_data: bytes) -> bytes:
        """Encrypt ``text`` as UTF-8."""
        return self.encrypt(text.encode("utf-8"), associated_data=associated_data)

    def decrypt_text(self, token: bytes, *, associated_data: bytes) -> str:
        """Decrypt a token made by ``encrypt_text``."""
        plaintext = self.decrypt(token, associated_data=associated_data)
        try:
            return plaintext.decode("utf-8")
        except UnicodeDecodeError:
            raise DecryptionError("The token does not hold text.") from None

    def needs_rotation(self, token: bytes) -> bool:
        """Return whether ``token`` was made with a key other than the current one."""
        return key_id_of(token) != self._current

    def reencrypt(self, token: bytes, *, associated_data: bytes) -> bytes:
        """Return ``token`` re-encrypted with the current key, for the key rotation job."""
        return self.encrypt(
            self.decrypt(token, associated_data=associated_data), associated_data=associated_data
        )


def key_id_of(token: bytes) -> str:
    """Return the id of the key that made ``token``, without decrypting it.

    A rotation job selects rows whose token is not on the current key; since each row is
    re-encrypted and saved on its own, the job can stop at any point and resume later.
    Raises DecryptionError if ``token`` is not a token.
    """
    key_id, _ = _parse_header(token)
    return key_id


def generate_key(key_id: str | None = None) -> str:
    """Return a new configuration entry ``"<key id>:<base64 key>"`` with a fresh random key.

    The default key id is today's date (UTC) and a random suffix, e.g. ``20260517-3fa9``.
    """
    if key_id is None:
        key_id = f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(2)}"
    _check_key_id(key_id)
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode('ascii')}"


def normalise_for_index(value: str) -> str:
    """Return ``value`` as compared for duplicates: no accents, no case, single spaces.

    "José  Dupont", "JOSE DUPONT" and "jose dupont" all become "jose dupont". Decomposing (NFKD)
    separates accents from letters and unifies compatibility forms (ligatures, full-width
    characters); dropping the combining marks removes the accents; casefold handles case in all
    scripts (ß and ss compare equal).
    """
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFKC", stripped).split())


def blind_index(value: str, *, key: bytes) -> str:
    """Return a keyed hash of ``value`` (normalised) to find duplicates without decrypting.

    Two records with the same name (or birth date) have the same blind index, so the database
    can match them with an index while the values themselves stay encrypted. The index reveals
    that two values are equal, and nothing else; because names and dates are easy to guess, the
    key must stay as secret as the encryption keys. Use a different key per field (see
    ``derive_key``), so equal indexes cannot be correlated across fields.
    """
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"The key must be at least {MIN_SECRET_BYTES} bytes.")
    normalised = normalise_for_index(value)
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def derive_key(secret: bytes, purpose: str, *, length: int = 32) -> bytes:
    """Derive an independent key for one ``purpose`` from one configured secret (HKDF-SHA256).

    For example ``derive_key(secret, "blind-index:cases.Case.last_name")`` or
    ``derive_key(secret, "receipt-codes")``: one secret to configure, unrelated keys in use.
    """
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"The secret must be at least {MIN_SECRET_BYTES} bytes.")
    hkdf = HKDF(algorithm=SHA256(), length=length, salt=None, info=purpose.encode("utf-8"))
    return hkdf.derive(secret)


def _header(key_id: str) -> bytes:
    encoded = key_id.encode("ascii")
    return TOKEN_PREFIX + bytes([len(encoded)]) + encoded


def _parse_header(token: bytes) -> tuple[str, int]:
    """Return the key id and the offset of the nonce."""
    prefix_end = len(TOKEN_PREFIX)
    if len(token) < prefix_end + 1 or token[:prefix_end] != TOKEN_PREFIX:
        raise DecryptionError("Not an encrypted token, or an unknown format version.")
    length = token[prefix_end]
    body_start = prefix_end + 1 + length
    try:
        key_id = token[prefix_end + 1 : body_start].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("Not an encrypted token.") from None
    if len(token) < body_start or not _KEY_ID.fullmatch(key_id):
        raise DecryptionError("Not an encrypted token.")
    return key_id, body_start


def _check_key_id(key_id: str) -> None:
    if not _KEY_ID.fullmatch(key_id):
        raise KeyConfigError(f"Key id {key_id!r} is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.")


def _decode_key(key_id: str, encoded: str) -> bytes:
    # Accept URL-safe base64 as well: it is what some secret managers produce.
    standard = encoded.replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(standard, validate=True)
    except (binascii.Error, ValueError):
        raise KeyConfigError(f"Key {key_id!r} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise KeyConfigError(
            f"Key {key_id!r} decodes to {len(key)} bytes; it must be {KEY_BYTES} bytes "
            "(make one with keten.core.crypto.generate_key())."
        )
    return key
