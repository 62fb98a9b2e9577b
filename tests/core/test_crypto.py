import base64
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keten.core.crypto import (
    KEY_BYTES,
    MAX_PLAINTEXT_BYTES,
    NONCE_BYTES,
    TAG_BYTES,
    DecryptionError,
    KeyConfigError,
    KeyRing,
    blind_index,
    derive_key,
    generate_key,
    key_id_of,
    normalise_for_index,
)

OLD_KEY = bytes(range(32))
NEW_KEY = bytes(range(32, 64))
INDEX_KEY = b"i" * 32
AD = b"cases.Case.last_name:42"


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing({"2026a": NEW_KEY, "2025b": OLD_KEY}, current="2026a")


def test_it_round_trips(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    assert ring.decrypt(token, associated_data=AD) == b"Jan Janssens"


def test_it_round_trips_empty_plaintext(ring: KeyRing) -> None:
    token = ring.encrypt(b"", associated_data=AD)
    assert ring.decrypt(token, associated_data=AD) == b""


@given(st.binary(max_size=2000), st.binary(max_size=50))
def test_it_round_trips_any_bytes(plaintext: bytes, associated_data: bytes) -> None:
    ring = KeyRing({"k": NEW_KEY}, current="k")
    token = ring.encrypt(plaintext, associated_data=associated_data)
    assert ring.decrypt(token, associated_data=associated_data) == plaintext


def test_it_round_trips_text(ring: KeyRing) -> None:
    token = ring.encrypt_text("José Dupont — Ærø 🙂", associated_data=AD)
    assert ring.decrypt_text(token, associated_data=AD) == "José Dupont — Ærø 🙂"


def test_it_writes_the_documented_format(ring: KeyRing) -> None:
    token = ring.encrypt(b"secret", associated_data=AD)
    assert token[:2] == b"K1"
    assert token[2] == len("2026a")
    assert token[3:8] == b"2026a"
    assert len(token) == 8 + NONCE_BYTES + len(b"secret") + TAG_BYTES


def test_it_uses_a_fresh_nonce_each_time(ring: KeyRing) -> None:
    tokens = {ring.encrypt(b"same", associated_data=AD) for _ in range(100)}
    assert len(tokens) == 100


def test_it_never_contains_the_plaintext(ring: KeyRing) -> None:
    plaintext = b"Jan Janssens, born 1990-01-01, Rue de la Loi 16" * 10
    token = ring.encrypt(plaintext, associated_data=AD)
    for start in range(0, len(plaintext) - 8):
        assert plaintext[start : start + 8] not in token


def test_it_fails_on_tampering_with_any_byte(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    for position in range(len(token)):
        tampered = bytearray(token)
        tampered[position] ^= 0x01
        with pytest.raises(DecryptionError):
            ring.decrypt(bytes(tampered), associated_data=AD)


def test_it_fails_on_truncation(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    for length in range(len(token)):
        with pytest.raises(DecryptionError):
            ring.decrypt(token[:length], associated_data=AD)


def test_it_fails_on_appended_bytes(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    with pytest.raises(DecryptionError):
        ring.decrypt(token + b"\x00", associated_data=AD)


def test_it_fails_with_the_wrong_associated_data(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data=b"cases.Case.last_name:43")
    with pytest.raises(DecryptionError):
        ring.decrypt(token, associated_data=b"")


def test_it_fails_with_an_unknown_key_id(ring: KeyRing) -> None:
    token = ring.encrypt(b"Jan Janssens", associated_data=AD)
    other = KeyRing({"2024z": OLD_KEY}, current="2024z")
    with pytest.raises(DecryptionError):
        other.decrypt(token, associated_data=AD)


def test_it_fails_when_the_key_id_is_swapped(ring: KeyRing) -> None:
    # Same key material under another name: the authenticated header still refuses it.
    token = KeyRing({"a": NEW_KEY}, current="a").encrypt(b"x", associated_data=AD)
    renamed = b"K1\x01b" + token[4:]
    with pytest.raises(DecryptionError):
        KeyRing({"b": NEW_KEY}, current="b").decrypt(renamed, associated_data=AD)


def test_it_fails_on_what_is_not_a_token(ring: KeyRing) -> None:
    for garbage in (b"", b"K", b"K2\x012", b"hello world", b"K1\x00" + b"\x00" * 40):
        with pytest.raises(DecryptionError):
            ring.decrypt(garbage, associated_data=AD)


def test_it_fails_on_text_that_is_not_utf8(ring: KeyRing) -> None:
    token = ring.encrypt(b"\xff\xfe", associated_data=AD)
    with pytest.raises(DecryptionError):
        ring.decrypt_text(token, associated_data=AD)


def test_it_decrypts_tokens_from_an_old_key_after_rotation() -> None:
    old_ring = KeyRing({"2025b": OLD_KEY}, current="2025b")
    token = old_ring.encrypt(b"Jan Janssens", associated_data=AD)
    new_ring = KeyRing({"2026a": NEW_KEY, "2025b": OLD_KEY}, current="2026a")
    assert new_ring.decrypt(token, associated_data=AD) == b"Jan Janssens"
    assert key_id_of(token) == "2025b"
    assert new_ring.needs_rotation(token)

    rotated = new_ring.reencrypt(token, associated_data=AD)
    assert key_id_of(rotated) == "2026a"
    assert not new_ring.needs_rotation(rotated)
    assert new_ring.decrypt(rotated, associated_data=AD) == b"Jan Janssens"
    with pytest.raises(DecryptionError):
        old_ring.decrypt(rotated, associated_data=AD)


def test_it_reads_the_key_id_without_decrypting(ring: KeyRing) -> None:
    assert key_id_of(ring.encrypt(b"x", associated_data=AD)) == "2026a"
    with pytest.raises(DecryptionError):
        key_id_of(b"not a token")


def test_it_refuses_huge_plaintexts(ring: KeyRing) -> None:
    with pytest.raises(ValueError):
        ring.encrypt(b"\x00" * (MAX_PLAINTEXT_BYTES + 1), associated_data=AD)


def test_it_reads_the_key_config() -> None:
    ring = KeyRing.from_config(f"2026a:{b64(NEW_KEY)},2025b:{b64(OLD_KEY)}")
    assert ring.current_key_id == "2026a"
    assert ring.key_ids == ("2026a", "2025b")


def test_it_reads_a_key_file() -> None:
    config = f"# rotated 2026-01-05\n2026a:{b64(NEW_KEY)}\n\n 2025b : {b64(OLD_KEY)} \n"
    ring = KeyRing.from_config(config)
    assert ring.key_ids == ("2026a", "2025b")
    token = KeyRing({"2025b": OLD_KEY}, current="2025b").encrypt(b"x", associated_data=AD)
    assert ring.decrypt(token, associated_data=AD) == b"x"


def test_it_reads_url_safe_base64() -> None:
    key = b"\xfb\xff" * 16
    encoded = base64.urlsafe_b64encode(key).decode()
    assert "-" in encoded or "_" in encoded
    ring = KeyRing.from_config(f"k:{encoded}")
    other = KeyRing({"k": key}, current="k")
    assert ring.decrypt(other.encrypt(b"x", associated_data=AD), associated_data=AD) == b"x"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("", "No keys"),
        ("  \n# only a comment\n", "No keys"),
        (b64(NEW_KEY), "not of the form"),
        ("2026a:", "not of the form"),
        (":" + b64(NEW_KEY), "not of the form"),
        ("2026a:not base64!!", "not valid base64"),
        ("2026a:" + b64(NEW_KEY)[:-2], "not valid base64"),
        ("2026a:" + b64(b"x" * 16), "16 bytes"),
        ("2026a:" + b64(b"x" * 33), "33 bytes"),
        (f"2026a:{b64(NEW_KEY)},2026a:{b64(OLD_KEY)}", "appears twice"),
        (f"bad id:{b64(NEW_KEY)}", "not valid"),
    ],
)
def test_it_explains_bad_key_config(config: str, message: str) -> None:
    with pytest.raises(KeyConfigError, match=message) as error:
        KeyRing.from_config(config)
    # Error messages end up in logs: they must never repeat key material.
    assert b64(NEW_KEY) not in str(error.value)
    assert b64(NEW_KEY)[:-2] not in str(error.value)


def test_it_refuses_a_bad_ring() -> None:
    with pytest.raises(KeyConfigError):
        KeyRing({}, current="a")
    with pytest.raises(KeyConfigError):
        KeyRing({"a": b"short"}, current="a")
    with pytest.raises(KeyConfigError):
        KeyRing({"a": NEW_KEY}, current="b")


def test_it_generates_a_usable_key_line() -> None:
    line = generate_key()
    assert re.fullmatch(r"\d{8}-[0-9a-f]{4}:[A-Za-z0-9+/]{43}=", line)
    ring = KeyRing.from_config(line)
    assert ring.decrypt(ring.encrypt(b"x", associated_data=AD), associated_data=AD) == b"x"
    assert generate_key("2027a").startswith("2027a:")
    assert len(base64.b64decode(generate_key("k").split(":")[1])) == KEY_BYTES
    assert generate_key("k") != generate_key("k")


def test_it_refuses_a_bad_key_id_when_generating() -> None:
    with pytest.raises(KeyConfigError):
        generate_key("with:colon")


def test_it_gives_equal_blind_indexes_for_the_same_name() -> None:
    assert blind_index("José  Dupont", key=INDEX_KEY) == blind_index("jose dupont", key=INDEX_KEY)
    assert blind_index(" JOSÉ\tDUPONT ", key=INDEX_KEY) == blind_index("jose dupont", key=INDEX_KEY)


def test_it_gives_different_blind_indexes_for_different_values() -> None:
    assert blind_index("jose dupont", key=INDEX_KEY) != blind_index("josé durand", key=INDEX_KEY)
    assert blind_index("1990-01-01", key=INDEX_KEY) != blind_index("1990-01-02", key=INDEX_KEY)


def test_it_keys_the_blind_index() -> None:
    other_key = b"j" * 32
    assert blind_index("jose dupont", key=INDEX_KEY) != blind_index("jose dupont", key=other_key)
    assert "jose" not in blind_index("jose dupont", key=INDEX_KEY)
    with pytest.raises(ValueError):
        blind_index("jose dupont", key=b"")


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("José  Dupont", "jose dupont"),
        ("ÇAĞLAR Öztürk", "caglar ozturk"),
        ("Straße", "strasse"),
        ("Ｊｏｓｅ", "jose"),  # full-width letters
        ("  Zoë\u00a0\nVan  den Broeck ", "zoe van den broeck"),
    ],
)
def test_it_normalises_for_the_index(value: str, normalised: str) -> None:
    assert normalise_for_index(value) == normalised


def test_it_derives_independent_keys() -> None:
    secret = b"s" * 32
    first = derive_key(secret, "blind-index:cases.Case.last_name")
    assert len(first) == 32
    assert first == derive_key(secret, "blind-index:cases.Case.last_name")
    assert first != derive_key(secret, "blind-index:cases.Case.birth_date")
    with pytest.raises(ValueError):
        derive_key(b"short", "x")
