"""Counting wrong receipt codes fairly, across every worker and server, without keeping addresses.

Each client (its address, as seen through the proxies listed in ``KETEN_TRUSTED_PROXIES``) is
turned into a keyed hash under a random key of the day (``AttemptKey``); the address is then
forgotten. Keys and counts of earlier days are deleted when a new day starts. Counts live in the
database, so every worker process and every app server sees the same numbers.

A client that gave ``conf.max_code_attempts()`` wrong codes in the current hour is asked to wait
until the hour ends; its right code is refused too while it waits (otherwise the limit would not
limit guessing). Another client is never refused because of someone else's wrong codes: with
80-bit codes a global lock buys nothing. When all clients together pass
``conf.max_code_attempts_overall()`` wrong codes in an hour, the operators are warned in the log.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from keten.intake import conf
from keten.intake.models import AttemptKey, CodeAttempts

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address: ``X-Forwarded-For`` is believed only from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # The rightmost hop that is not one of our proxies is the client; anything left of it was
    # written by the client itself and proves nothing.
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return remote


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _day_key() -> bytes:
    today = timezone.localdate()
    found = AttemptKey.objects.filter(day=today).values_list("key", flat=True).first()
    if found is not None:
        return bytes(found)
    # A new day: throw away every earlier key and count before making today's key.
    AttemptKey.objects.exclude(day=today).delete()
    CodeAttempts.objects.exclude(day=today).delete()
    # get_or_create copes with another worker creating today's key at the same moment.
    made, _created = AttemptKey.objects.get_or_create(day=today, defaults={"key": secrets.token_bytes(32)})
    return bytes(made.key)


def client_key(request: HttpRequest) -> str:
    """An opaque key for this client today; the address itself is not kept anywhere."""
    return hmac.new(_day_key(), client_address(request).encode(), hashlib.sha256).hexdigest()


def _now_bucket() -> tuple[date, int]:
    now = timezone.localtime()
    return now.date(), now.hour


def seconds_to_wait(key: str) -> int:
    """0 if this client may try a code now, else the seconds until the hour ends."""
    day, hour = _now_bucket()
    failures = (
        CodeAttempts.objects.filter(day=day, hour=hour, client=key).values_list("failures", flat=True).first()
    )
    if failures is None or failures < conf.max_code_attempts():
        return 0
    now = timezone.localtime()
    return 3600 - (now.minute * 60 + now.second)


def record_failure(key: str) -> None:
    day, hour = _now_bucket()
    updated = CodeAttempts.objects.filter(day=day, hour=hour, client=key).update(failures=F("failures") + 1)
    if not updated:
        try:
            with transaction.atomic():
                CodeAttempts.objects.create(day=day, hour=hour, client=key, failures=1)
        except IntegrityError:
            CodeAttempts.objects.filter(day=day, hour=hour, client=key).update(failures=F("failures") + 1)
    overall = CodeAttempts.objects.filter(day=day, hour=hour).aggregate(total=Sum("failures"))["total"] or 0
    if overall == conf.max_code_attempts_overall():
        logger.warning(
            "Many wrong receipt codes this hour (%d, from all clients together): someone may be "
            "guessing. Reporters are not locked out; check the proxy and firewall.",
            overall,
        )


def forget_all() -> None:
    CodeAttempts.objects.all().delete()
    AttemptKey.objects.all().delete()
