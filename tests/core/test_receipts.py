import hmac
import math
import re
import threading
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keten.core.receipts import (
    ALPHABET,
    CODE_LENGTH,
    ENTROPY_BITS,
    AttemptLimiter,
    daily_attempt_key,
    generate_receipt_code,
    hash_receipt_code,
    normalise_receipt_code,
    verify_receipt_code,
)

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
CODE = "7KQ2-9XRA-M3TD-HP4W"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_it_promises_at_least_80_bits() -> None:
    assert len(set(ALPHABET)) == 32
    assert ENTROPY_BITS == CODE_LENGTH * math.log2(len(ALPHABET))
    assert ENTROPY_BITS >= 80


def test_it_uses_an_unambiguous_alphabet() -> None:
    assert not set("ILOU") & set(ALPHABET)


def test_it_generates_grouped_codes() -> None:
    code = generate_receipt_code()
    assert re.fullmatch(f"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}", code)


def test_it_generates_unique_codes() -> None:
    codes = {generate_receipt_code() for _ in range(10_000)}
    assert len(codes) == 10_000


def test_it_uses_every_character() -> None:
    seen = set("".join(generate_receipt_code() for _ in range(500)).replace("-", ""))
    assert seen == set(ALPHABET)


def test_it_round_trips_generated_codes() -> None:
    for _ in range(100):
        code = generate_receipt_code()
        assert normalise_receipt_code(code) == code


@pytest.mark.parametrize(
    "typed",
    [
        "7KQ2-9XRA-M3TD-HP4W",
        "7kq2-9xra-m3td-hp4w",
        "7KQ29XRAM3TDHP4W",
        " 7KQ2 9XRA M3TD HP4W ",
        "7KQ2 - 9XRA - M3TD - HP4W",
        "7kq2\u20139xra\u2013m3td\u2013hp4w",  # en dashes from a word processor
        "7KQ2\u00a09XRA\u00a0M3TD\u00a0HP4W",  # non-breaking spaces
        "7KQ2.9XRA.M3TD.HP4W",
    ],
)
def test_it_tolerates_spacing_and_case(typed: str) -> None:
    assert normalise_receipt_code(typed) == CODE


def test_it_reads_look_alike_letters_as_digits() -> None:
    assert normalise_receipt_code("OOOO-IIII-LLLL-oil0") == "0000-1111-1111-0110"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "7KQ2-9XRA-M3TD",  # too short
        "7KQ2-9XRA-M3TD-HP4",  # one character missing
        "7KQ2-9XRA-M3TD-HP4WX",  # one too many
        "7KQ2-9XRA-M3TD-HP4U",  # U is not in the alphabet
        "7KQ2-9XRA-M3TD-HP4!",
        "7KQ2-9XRA-M3TD-HP4É",
        "7KQ2/9XRA/M3TD/HP4W",
    ],
)
def test_it_rejects_what_is_not_a_code(typed: str) -> None:
    assert normalise_receipt_code(typed) is None


@given(st.text(max_size=40))
def test_it_returns_a_code_or_none_for_any_text(text: str) -> None:
    result = normalise_receipt_code(text)
    assert result is None or normalise_receipt_code(result) == result


def test_it_hashes_stably() -> None:
    first = hash_receipt_code(CODE, key=KEY)
    assert first == hash_receipt_code(CODE, key=KEY)
    assert re.fullmatch("[0-9a-f]{64}", first)


def test_it_hashes_the_normalised_code() -> None:
    assert hash_receipt_code("7kq2 9xra m3td hp4w", key=KEY) == hash_receipt_code(CODE, key=KEY)


def test_it_hashes_differently_under_another_key() -> None:
    assert hash_receipt_code(CODE, key=KEY) != hash_receipt_code(CODE, key=OTHER_KEY)


def test_it_hashes_different_codes_differently() -> None:
    assert hash_receipt_code(CODE, key=KEY) != hash_receipt_code("7KQ2-9XRA-M3TD-HP4X", key=KEY)


def test_it_refuses_to_hash_what_is_not_a_code() -> None:
    with pytest.raises(ValueError):
        hash_receipt_code("hello", key=KEY)


def test_it_refuses_a_short_key() -> None:
    with pytest.raises(ValueError):
        hash_receipt_code(CODE, key=b"short")


def test_it_verifies() -> None:
    stored = hash_receipt_code(CODE, key=KEY)
    assert verify_receipt_code("7kq2-9xra-m3td-hp4w", stored, key=KEY)
    assert not verify_receipt_code("7KQ2-9XRA-M3TD-HP4X", stored, key=KEY)
    assert not verify_receipt_code(CODE, stored, key=OTHER_KEY)
    assert not verify_receipt_code("not a code", stored, key=KEY)
    assert not verify_receipt_code(CODE, "", key=KEY)
    assert not verify_receipt_code(CODE, "é" * 64, key=KEY)


def test_it_verifies_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify_receipt_code(CODE, hash_receipt_code(CODE, key=KEY), key=KEY)
    assert len(calls) == 1


def test_it_makes_a_stable_attempt_key_within_a_day() -> None:
    day = date(2026, 5, 17)
    first = daily_attempt_key(KEY, "203.0.113.7", day)
    assert first == daily_attempt_key(KEY, "203.0.113.7", day)
    assert first != daily_attempt_key(KEY, "203.0.113.8", day)


def test_it_rotates_the_attempt_key_daily() -> None:
    today = daily_attempt_key(KEY, "203.0.113.7", date(2026, 5, 17))
    assert today != daily_attempt_key(KEY, "203.0.113.7", date(2026, 5, 18))
    assert today != daily_attempt_key(OTHER_KEY, "203.0.113.7", date(2026, 5, 17))


def test_it_does_not_keep_the_client_hint() -> None:
    key = daily_attempt_key(KEY, "203.0.113.7", date(2026, 5, 17))
    assert "203" not in key
    assert re.fullmatch("[0-9a-f]{64}", key)


def test_it_blocks_after_the_limit() -> None:
    limiter = AttemptLimiter(max_attempts=5, window_seconds=3600, clock=FakeClock())
    for _ in range(4):
        limiter.record_failure("a")
        assert limiter.is_allowed("a")
    limiter.record_failure("a")
    assert not limiter.is_allowed("a")
    assert limiter.is_allowed("b")


def test_it_resets_after_the_window() -> None:
    clock = FakeClock()
    limiter = AttemptLimiter(max_attempts=5, window_seconds=3600, clock=clock)
    for _ in range(5):
        limiter.record_failure("a")
    assert limiter.retry_after("a") == 3600
    clock.now += 3599
    assert not limiter.is_allowed("a")
    assert limiter.retry_after("a") == 1
    clock.now += 1
    assert limiter.is_allowed("a")
    assert limiter.retry_after("a") == 0


def test_it_slides_the_window() -> None:
    clock = FakeClock()
    limiter = AttemptLimiter(max_attempts=3, window_seconds=100, clock=clock)
    limiter.record_failure("a")  # t=1000
    clock.now += 50
    limiter.record_failure("a")  # t=1050
    limiter.record_failure("a")  # t=1050
    assert not limiter.is_allowed("a")
    clock.now += 50  # the first failure leaves the window, two remain
    assert limiter.is_allowed("a")
    limiter.record_failure("a")
    assert not limiter.is_allowed("a")
    assert limiter.retry_after("a") == 50


def test_it_applies_a_global_ceiling() -> None:
    clock = FakeClock()
    limiter = AttemptLimiter(max_attempts=5, window_seconds=3600, global_max_attempts=10, clock=clock)
    for number in range(10):
        limiter.record_failure(f"client-{number}")
    assert not limiter.is_allowed("someone-new")
    clock.now += 3600
    assert limiter.is_allowed("someone-new")


def test_it_forgets_clients_after_the_window() -> None:
    clock = FakeClock()
    limiter = AttemptLimiter(window_seconds=10, global_max_attempts=100_000, clock=clock)
    for number in range(2000):
        limiter.record_failure(f"client-{number}")
    clock.now += 10
    for number in range(2000):
        limiter.record_failure(f"new-client-{number}")
    assert len(limiter._failures) <= 2048


def test_it_is_thread_safe() -> None:
    limiter = AttemptLimiter(max_attempts=1000, global_max_attempts=100_000)

    def hammer() -> None:
        for _ in range(100):
            limiter.record_failure("a")
            limiter.is_allowed("a")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(limiter._failures["a"]) == 800
    assert len(limiter._all_failures) == 800


def test_it_refuses_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        AttemptLimiter(max_attempts=0)
    with pytest.raises(ValueError):
        AttemptLimiter(window_seconds=0)
