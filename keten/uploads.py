"""Receiving files without ever writing them to disk in clear, and cleaning them with the site's limits.

Django's default handlers put an upload over 2.5 MB in a temporary file: the plain document would
sit on disk during the upload (and in the disk's free blocks after). ``FILE_UPLOAD_HANDLERS``
names only ``BoundedMemoryUploadHandler``, for every form of the site: it keeps each file in
memory and stops keeping a file as soon as it passes the size limit, so memory stays bounded by
``max_files × max_file_bytes`` per request. The form then refuses the flagged files by name.

A reverse proxy in front of Keten can still buffer request bodies on its own disk: see
docs/intake.md ("What the server keeps") for the nginx settings that prevent it.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext

from keten.core.metadata import CleanFile, UnsafeFileError, clean_upload


def max_pixels() -> int:
    """The most pixels an uploaded image (or an image inside a PDF) may have."""
    return int(settings.UPLOAD_MAX_PIXELS)


def max_pdf_pages() -> int:
    return int(settings.UPLOAD_MAX_PDF_PAGES)


def clean_file(data: bytes) -> CleanFile:
    """Clean an upload with the site's limits; raises ``UnsafeFileError`` for what cannot be cleaned."""
    return clean_upload(data, max_pixels=max_pixels(), max_pdf_pages=max_pdf_pages())


def refusal_message(error: UnsafeFileError, name: str) -> str:
    """Why a file was refused and what to do instead, in the reader's language."""
    if error.kind == "too_large":
        text = gettext(
            "“%(name)s” is too large to be checked safely: pictures can have at most %(megapixels)s "
            "million pixels and PDF documents at most %(pages)s pages. Send a smaller picture or "
            "fewer pages."
        )
    elif error.kind == "password":
        text = gettext(
            "“%(name)s” is protected by a password, so we cannot check it. Save or print it again "
            "without a password, or send photos of the pages."
        )
    elif error.kind == "uncleanable":
        text = gettext(
            "“%(name)s” contains something we cannot remove safely, so we do not accept it. Print it "
            "again to a new PDF, or send photos of the pages."
        )
    elif error.kind == "type":
        text = gettext("“%(name)s” cannot be accepted: only photos (JPEG, PNG, WebP) and PDF documents can.")
    else:
        text = gettext(
            "“%(name)s” could not be read: it may be damaged. Save it again, or send photos of the pages."
        )
    return text % {
        "name": name,
        "megapixels": number_format(max_pixels() // 1_000_000),
        "pages": number_format(max_pdf_pages()),
    }


class BoundedUploadedFile(InMemoryUploadedFile):
    """An upload kept in memory; ``too_large`` or ``over_count`` when it was not kept at all."""

    too_large = False
    over_count = False


def _site_limits() -> tuple[int, int]:
    # The largest file any form accepts, and the most files any form takes at once.
    from keten.cases.conf import upload_max_bytes
    from keten.intake import conf as intake_conf

    return max(intake_conf.max_file_bytes(), upload_max_bytes()), intake_conf.max_files()


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Every file in memory, never on disk; files over the limit or past the count are dropped."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit, self.max_files = self.limits()
        self.count = 0
        self.buffer = io.BytesIO()
        self.too_large = False

    def limits(self) -> tuple[int, int]:
        return _site_limits()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.count += 1
        self.buffer = io.BytesIO()
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.count > self.max_files or self.too_large:
            return None
        if self.buffer.tell() + len(raw_data) > self.limit:
            # Drop what we had: the file will be refused, there is no reason to hold it.
            self.too_large = True
            self.buffer = io.BytesIO()
            return None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> BoundedUploadedFile:
        self.buffer.seek(0)
        uploaded = BoundedUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        uploaded.too_large = self.too_large
        uploaded.over_count = self.count > self.max_files
        return uploaded
