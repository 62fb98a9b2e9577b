"""Submit once: a one-time token in each reporter form, and the receipt handed over after a redirect.

Each report form and message form carries a random token. Its keyed hash is stored with the report
or message, unique, in the same transaction: the same form sent again (a reload, Back and Forward,
a double click) finds the hash taken and stores nothing. The token itself is never stored.

The receipt code is shown on a page of its own (POST-redirect-GET). It travels there in a short
cookie encrypted with the site's keys, readable once: the receipt page deletes it at once, so a
reload shows a neutral page. The server keeps no copy of the code.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from keten.core.crypto import DecryptionError
from keten.encryption import keyring, lookup_hash

FIELD_NAME = "once"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_HASH_PURPOSE = "intake-submission-tokens"

RECEIPT_COOKIE = "keten_receipt"
# Long enough for the redirect on a slow phone, short enough to leave nothing behind.
RECEIPT_SECONDS = 120
_RECEIPT_AAD = b"keten.intake.receipt-cookie.v1"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(value: object) -> str | None:
    """The keyed hash to store for a token from a form, or None if it is not one of ours."""
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        return None
    return lookup_hash(value, purpose=_HASH_PURPOSE)


def form_token(request: HttpRequest) -> str:
    """The token to put in the form: the one sent (if it was not used yet), or a new one."""
    sent = request.POST.get(FIELD_NAME) if request.method == "POST" else None
    return sent if isinstance(sent, str) and token_hash(sent) else new_token()


def _receipt_path() -> str:
    return reverse("intake:received")


def hand_over_receipt(response: HttpResponse, receipt: dict[str, Any]) -> None:
    """Give the receipt page what it shows, encrypted, in a cookie only that page receives."""
    plaintext = json.dumps({**receipt, "t": int(time.time())}, separators=(",", ":"))
    token = keyring().encrypt_text(plaintext, associated_data=_RECEIPT_AAD)
    response.set_cookie(
        RECEIPT_COOKIE,
        base64.urlsafe_b64encode(token).decode("ascii"),
        max_age=RECEIPT_SECONDS,
        path=_receipt_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def forget_receipt(request: HttpRequest, response: HttpResponse) -> None:
    if RECEIPT_COOKIE in request.COOKIES:
        response.delete_cookie(RECEIPT_COOKIE, path=_receipt_path(), samesite="Strict")


def take_receipt(request: HttpRequest) -> dict[str, Any] | None:
    """The receipt handed over a moment ago, or None. The caller deletes it (``forget_receipt``)."""
    value = request.COOKIES.get(RECEIPT_COOKIE)
    if value is None:
        return None
    try:
        token = base64.urlsafe_b64decode(value.encode("ascii"))
        receipt = json.loads(keyring().decrypt_text(token, associated_data=_RECEIPT_AAD))
    except (ValueError, UnicodeError, binascii.Error, DecryptionError):
        return None
    if not isinstance(receipt, dict) or not isinstance(receipt.get("t"), int):
        return None
    if not 0 <= time.time() - receipt["t"] <= RECEIPT_SECONDS:
        return None
    return receipt
