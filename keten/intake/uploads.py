"""The reporter's forms take the intake limits (``KETEN_INTAKE_MAX_FILE_BYTES``, ``_MAX_FILES``)."""

from __future__ import annotations

from keten.intake import conf
from keten.uploads import BoundedMemoryUploadHandler, BoundedUploadedFile

__all__ = ["BoundedUploadedFile", "ReporterUploadHandler"]


class ReporterUploadHandler(BoundedMemoryUploadHandler):
    def limits(self) -> tuple[int, int]:
        return conf.max_file_bytes(), conf.max_files()
