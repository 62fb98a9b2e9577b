"""Receiving attachments without ever writing them to disk in clear.

Django's default handlers put large uploads in a temporary file: the plain photo would sit on disk
until the request ends (and in the disk's free blocks after). This handler keeps every file in
memory and stops keeping a file as soon as it passes the size limit, so memory stays bounded by
``max_files × max_file_bytes`` per request. The form then refuses the flagged files by name.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from keten.intake import conf


class BoundedUploadedFile(InMemoryUploadedFile):
    """An upload kept in memory; ``too_large`` or ``over_count`` when it was not kept at all."""

    too_large = False
    over_count = False


class BoundedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = conf.max_file_bytes()
        self.max_files = conf.max_files()
        self.count = 0
        self.buffer = io.BytesIO()
        self.too_large = False

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
