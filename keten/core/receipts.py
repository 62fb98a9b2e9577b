"""Receipt codes for anonymous reporters.

A person who reports a situation without giving a name receives a receipt code. With that code,
and nothing else, they can come back later to read replies and add information. The code is the
only key to the report, so it must be unguessable; and because reporters read it out over the phone
to a hotline operator or copy it from a scrap of paper, it must be easy to read, say and type.

The format: 16 characters from Crockford's base32 alphabet, shown in four groups of four, for
example ``7KQ2-9XRA-M3TD-HP4W``.

- The alphabet has 32 symbols (digits and upper-case letters without I, L, O and U), so each
  character carries exactly 5 bits and 16 characters carry 80 bits of randomness from ``secrets``.
  I, L and O are left out because they are confused with 1 and 0; when a person types them anyway
  we read them as those digits. U is left out so that codes do not spell common rude words.
- 80 bits is the floor we promised ourselves (it is also what SecureDrop's diceware codes and
  GlobaLeaks' receipts aim for or exceed in practice). Online guessing is limited per client and
  globally (see ``AttemptLimiter``); offline guessing needs the server's hashing key. Even then, an
  attacker who can try 10^12 codes finds one of a million live codes with probability about
  10^18 / 2^80 ≈ 8 × 10^-7. Going to 20 characters (100 bits) would add a fifth group to read out
  on every call for a margin we do not need.
- Groups of four, like product keys and IBANs, are what people are used to reading out.

The server stores only ``hash_receipt_code(code, key=...)``: a keyed hash (HMAC-SHA256), not a
password hash with a per-row salt. A salted slow hash would force the server to try every stored
row on each login; a keyed hash can be looked up with an index. That is safe here, unlike for
passwords, because the code is not chosen by a person: it has 80 bits of entropy, so there is no
dictionary to try, and without the secret key a stolen database does not even allow guessing.

Rate limiting must not store IP addresses (reporters may be victims watched by their exploiters,
and the design promises never to keep a reporter's IP address). ``daily_attempt_key`` turns a client
hint (such as the IP address) into an opaque key that is only kept in memory, under a key that
changes every day, and the hint itself is discarded.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import date

#: Crockford's base32 alphabet: 0-9 and A-Z without I, L, O and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Number of characters in a code.
CODE_LENGTH = 16
#: Characters per group when a code is shown.
GROUP_SIZE = 4
#: Separator between groups when a code is shown.
SEPARATOR = "-"
#: Bits of randomness per code: log2(32) = 5 bits per character.
ENTROPY_BITS = CODE_LENGTH * (len(ALPHABET).bit_length() - 1)

#: The smallest server key we accept for hashing, in bytes.
MIN_KEY_BYTES = 16

# Letters people type by mistake for digits (Crockford's decoding rules).
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Everything people put between groups: spaces of any kind and dashes of any kind.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")
_VALID = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_HASH_CONTEXT = b"keten.receipt-code.v1:"
_ATTEMPT_CONTEXT = b"keten.attempt-key.v1:"


def generate_receipt_code() -> str:
    """Return a new random receipt code, grouped for display (``XXXX-XXXX-XXXX-XXXX``)."""
    return _group("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalise_receipt_code(text: str) -> str | None:
    """Return the code as displayed (``XXXX-XXXX-XXXX-XXXX``), or None if it cannot be a code.

    Tolerates what people do when they copy or dictate a code: spaces or dashes anywhere (or
    none), lower case, and O, I or L typed for 0 and 1. Anything else (a wrong length, U, a
    symbol) is not a code; the caller says so without counting a guessing attempt.
    """
    compact = _SEPARATORS.sub("", text).upper().translate(_LOOK_ALIKES)
    if not _VALID.fullmatch(compact):
        return None
    return _group(compact)


def hash_receipt_code(code: str, *, key: bytes) -> str:
    """Return the keyed hash under which a receipt code is stored and looked up (64 hex digits).

    The code is normalised first, so ``7kq2 9xra ...`` and ``7KQ2-9XRA-...`` hash alike. Raises
    ValueError if ``code`` is not a receipt code. See the module docstring for why a keyed hash
    (HMAC-SHA256) rather than a salted password hash.
    """
    normalised = normalise_receipt_code(code)
    if normalised is None:
        raise ValueError("Not a receipt code.")
    _check_key(key)
    compact = normalised.replace(SEPARATOR, "")
    return hmac.new(key, _HASH_CONTEXT + compact.encode("ascii"), hashlib.sha256).hexdigest()


def verify_receipt_code(code: str, expected_hash: str, *, key: bytes) -> bool:
    """Return whether ``code`` hashes to ``expected_hash``, comparing in constant time."""
    normalised = normalise_receipt_code(code)
    if normalised is None:
        # The format is public, so answering early leaks nothing about any stored code.
        return False
    return hmac.compare_digest(
        hash_receipt_code(normalised, key=key).encode("ascii"),
        expected_hash.encode("ascii", errors="replace"),
    )


def daily_attempt_key(secret: bytes, client_hint: str, day: date) -> str:
    """Return an opaque rate-limiting key for a client on one day, without keeping the client hint.

    ``client_hint`` is whatever tells clients apart (usually the IP address); the caller discards
    it after this call. The result is HMAC-SHA256 under a key derived from ``secret`` and ``day``,
    so the same client gets the same key all day and an unrelated key the next day: yesterday's
    keys cannot be linked to today's, and no list of IP addresses exists anywhere.

    There are only 2^32 IPv4 addresses, so anyone holding ``secret`` could reverse a key by trying
    them all. Keep these keys in memory only, and prefer a ``secret`` that also exists only in
    memory (``secrets.token_bytes(32)`` when the process starts).
    """
    _check_key(secret)
    day_key = hmac.new(secret, _ATTEMPT_CONTEXT + day.isoformat().encode("ascii"), hashlib.sha256).digest()
    return hmac.new(day_key, client_hint.encode("utf-8"), hashlib.sha256).hexdigest()


class AttemptLimiter:
    """Count wrong receipt codes in a sliding window, per client key and over all clients.

    A client key (from ``daily_attempt_key``) may make ``max_attempts`` wrong attempts within
    ``window_seconds``; all clients together may make ``global_max_attempts``. The global ceiling
    stops guessing spread over many addresses; its price is that during such an attack genuine
    reporters are asked to wait as well, which is the safer failure.

    Only failures are counted, and a success does not clear them: otherwise a person holding one
    valid code could interleave it with guesses and never be limited.

    The counts live in this process's memory. With several worker processes each keeps its own
    counts, so the effective limits are multiplied by the number of processes: Keten's pages use
    the database-backed ``keten/intake/throttle.py`` instead, which every process shares.

    Thread-safe. ``clock`` returns seconds and is injectable for tests; it must not go backwards
    (the default is ``time.monotonic``).
    """

    def __init__(
        self,
        *,
        max_attempts: int = 5,
        window_seconds: float = 3600.0,
        global_max_attempts: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_attempts < 1 or global_max_attempts < 1 or window_seconds <= 0:
            raise ValueError("Limits and window must be positive.")
        self.max_attempts = max_attempts
        self.window_seconds = window_seconds
        self.global_max_attempts = global_max_attempts
        self._clock = clock
        self._lock = threading.Lock()
        # Keeping only the most recent `max` failure times is enough to answer "were there `max`
        # failures within the window?", and bounds memory however often a caller records.
        self._failures: dict[str, deque[float]] = {}
        self._all_failures: deque[float] = deque(maxlen=global_max_attempts)
        self._sweep_when_over = 1024

    def is_allowed(self, key: str) -> bool:
        """Return whether ``key`` may try a code now."""
        return self.retry_after(key) == 0.0

    def retry_after(self, key: str) -> float:
        """Return how many seconds ``key`` must wait before trying again (0.0 if it may try now)."""
        with self._lock:
            now = self._clock()
            waits = [
                self._wait(self._all_failures, self.global_max_attempts, now),
                self._wait(self._failures.get(key), self.max_attempts, now),
            ]
            return max(waits)

    def record_failure(self, key: str) -> None:
        """Record a wrong code from ``key``."""
        with self._lock:
            now = self._clock()
            self._all_failures.append(now)
            failures = self._failures.get(key)
            if failures is None:
                failures = self._failures[key] = deque(maxlen=self.max_attempts)
            failures.append(now)
            if len(self._failures) > self._sweep_when_over:
                self._sweep(now)

    def _wait(self, failures: deque[float] | None, limit: int, now: float) -> float:
        if failures is None or len(failures) < limit:
            return 0.0
        # The `limit` most recent failures are all kept; the oldest of them decides.
        return max(0.0, failures[0] + self.window_seconds - now)

    def _sweep(self, now: float) -> None:
        # Forget clients whose last failure is outside the window, so memory stays bounded by the
        # number of clients seen within one window.
        expired = [key for key, times in self._failures.items() if times[-1] + self.window_seconds <= now]
        for key in expired:
            del self._failures[key]
        self._sweep_when_over = max(1024, 2 * len(self._failures))


def _group(compact: str) -> str:
    return SEPARATOR.join(compact[start : start + GROUP_SIZE] for start in range(0, len(compact), GROUP_SIZE))


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"The key must be at least {MIN_KEY_BYTES} bytes.")
