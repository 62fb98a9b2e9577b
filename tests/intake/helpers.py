"""Shared helpers for the intake tests: small real files and a report submitted over HTTP."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

ONCE_PATTERN = re.compile(r'name="once" value="([^"]+)"')
CODE_PATTERN = re.compile(r"data-receipt-code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<")


def png_bytes(*, colour: tuple[int, int, int] = (200, 40, 40), text_chunk: str | None = None) -> bytes:
    from PIL import PngImagePlugin

    image = Image.new("RGB", (8, 8), colour)
    info = PngImagePlugin.PngInfo()
    if text_chunk:
        info.add_text("Comment", text_chunk)
    output = io.BytesIO()
    image.save(output, format="PNG", pnginfo=info)
    return output.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x0131] = "SecretCameraSoftware"  # Software
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def report_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "what": "Workers sleep in the car wash and never get paid.",
        "postal_code": "2000",
        "municipality": "Antwerpen",
        "kind_of_place": "shop",
        "when": "every weekend",
        "who": "three young men",
        "form_of_exploitation": "labour",
        "contact": "",
    }
    data.update(overrides)
    return data


def once_token(client: Client, path: str) -> str:
    """The one-time token of the form at ``path``, as a browser gets it."""
    match = ONCE_PATTERN.search(client.get(path).content.decode())
    assert match is not None, f"no one-time token in the form at {path}"
    return match.group(1)


def submit(client: Client, language: str = "en", **kwargs: Any) -> tuple[Any, str | None]:
    """Fill in and post the public form as a browser does (with its one-time token, following the
    redirect to the receipt); return the last response and the receipt code it shows (if any)."""
    files = kwargs.pop("files", [])
    extra = kwargs.pop("extra", {})
    data = report_data(**kwargs)
    if files:
        data["attachments"] = files
    data["once"] = once_token(client, f"/{language}/report/")
    response = client.post(f"/{language}/report/", data, **extra)
    if response.status_code == 302:
        response = client.get(response["Location"], **extra)
    match = CODE_PATTERN.search(response.content.decode())
    return response, match.group(1) if match else None


def conversation_token(client: Client, language: str = "en") -> str:
    """The one-time token of the reporter's message form (needs an open reporter session)."""
    return once_token(client, f"/{language}/report/follow-up/conversation/")
