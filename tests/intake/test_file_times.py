"""Encrypted files tell no more than the day: not the moment of submission, not the order."""

from __future__ import annotations

import re
import time

from django.test import TestCase

from keten.encryption import files_root
from keten.intake.models import ReportAttachment
from tests.intake.helpers import png_bytes, submit, upload


class FileTimesTest(TestCase):
    def test_an_attachment_carries_only_the_day_in_the_file_system(self) -> None:
        submit(self.client, files=[upload("a.png", png_bytes()), upload("b.png", png_bytes())])
        midnight = int(time.time() // 86400) * 86400
        names = list(ReportAttachment.objects.values_list("stored_name", flat=True))
        self.assertEqual(len(names), 2)
        for name in names:
            path = files_root() / name
            status = path.stat()
            self.assertEqual(status.st_mtime, midnight)
            self.assertEqual(status.st_atime, midnight)
            self.assertEqual(path.parent.stat().st_mtime, midnight)
            # A random name: nothing in it grows with time or with the order of submissions.
            self.assertRegex(path.name, re.compile(r"^[0-9a-f]{32}$"))
