"""Staff case documents: never a clear byte on disk while they arrive, and cleaned at every depth."""

from __future__ import annotations

import http.client
import io
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pikepdf
from django.conf import settings
from django.test import Client, LiveServerTestCase

from keten.accounts.roles import OrganisationKind, Role
from keten.cases.models import Document
from keten.cases.services import read_document
from tests.base import KetenTestCase, make_organisation, make_person
from tests.cases.helpers import CaseTestCase, make_case
from tests.hostile_files import CAMERA_MAKE, all_stream_bytes, pdf_with_deep_secrets, png_bomb

MARKER = b"CLEAR-TEXT-OF-A-VICTIM-DOCUMENT"


def three_megabyte_pdf() -> bytes:
    """A real PDF of about 3.3 MB whose uncompressed image carries a recognisable marker."""
    side = 1050
    pixels = (MARKER * (side * side * 3 // len(MARKER) + 1))[: side * side * 3]
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    image = pdf.make_stream(
        pixels,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=side,
        Height=side,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
    )
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Scan=image))
    page.obj.Contents = pdf.make_stream(b"q 500 0 0 500 50 50 cm /Scan Do Q")
    output = io.BytesIO()
    pdf.save(output, compress_streams=False)
    return output.getvalue()


class SlowUploadTest(LiveServerTestCase):
    """A social worker's 3 MB document arrives slowly while we watch the temporary directory."""

    def setUp(self) -> None:
        centre = make_organisation("PAG-ASA", OrganisationKind.CENTRE, "pag-asa")
        self.worker = make_person("worker.a@pag-asa.example", centre, Role.SOCIAL_WORKER)
        self.case = make_case(centre, actor=self.worker, workers=[self.worker])
        client = Client()
        KetenTestCase.login(self, self.worker, client)  # type: ignore[arg-type]
        self.session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.watched = Path(tempfile.mkdtemp(prefix="keten-watched-tmp-"))
        self.enterContext(_temporary_directory(self.watched))
        self.addCleanup(shutil.rmtree, self.watched, ignore_errors=True)

    def _csrf(self, connection: http.client.HTTPConnection) -> tuple[str, str]:
        connection.request(
            "GET", f"/en/cases/{self.case.pk}/", headers={"Cookie": f"sessionid={self.session_cookie}"}
        )
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, response.status
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert cookie and token
        return cookie.group(1), token.group(1)

    def test_no_clear_byte_touches_the_disk_during_a_slow_upload(self) -> None:
        document = three_megabyte_pdf()
        assert len(document) > 3_000_000 and MARKER in document
        address = urlparse(self.live_server_url)
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
        csrf_cookie, csrf_token = self._csrf(connection)
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{csrf_token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            f"Scan of the residence permit\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        body = head + document + f"\r\n--{boundary}--\r\n".encode()

        seen: list[Path] = []
        finished = threading.Event()
        watcher = threading.Thread(target=_watch, args=(self.watched, seen, finished), daemon=True)
        watcher.start()

        def slowly() -> Iterator[bytes]:
            for start in range(0, len(body), 65536):
                yield body[start : start + 65536]
                time.sleep(0.01)

        connection.putrequest("POST", f"/en/cases/{self.case.pk}/documents/upload/")
        connection.putheader("Cookie", f"sessionid={self.session_cookie}; csrftoken={csrf_cookie}")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        for chunk in slowly():
            connection.send(chunk)
        response = connection.getresponse()
        response.read()
        finished.set()
        watcher.join()

        self.assertEqual(response.status, 302)
        self.assertEqual(Document.objects.count(), 1)
        self.assertEqual(seen, [], "a clear copy of the upload was written to the temporary directory")
        for path in Path(settings.MEDIA_ROOT).rglob("*"):
            if path.is_file():
                self.assertNotIn(MARKER, path.read_bytes())


def _watch(directory: Path, seen: list[Path], finished: threading.Event) -> None:
    while not finished.is_set():
        for path in directory.rglob("*"):
            try:
                if path.is_file() and MARKER[:12] in path.read_bytes() and path not in seen:
                    seen.append(path)
            except OSError:
                continue
        time.sleep(0.005)


class _temporary_directory:
    """Point Python's (and so Django's) temporary directory at ``path`` for the test."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.previous = tempfile.tempdir
        tempfile.tempdir = str(self.path)

    def __exit__(self, *exc: object) -> None:
        tempfile.tempdir = self.previous


class DocumentCleaningTest(CaseTestCase):
    def test_a_staff_pdf_is_cleaned_at_every_depth(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("add_document"),
            {"title": "Scan", "file": _file("scan.pdf", pdf_with_deep_secrets())},
        )
        self.assertEqual(response.status_code, 302)
        stored = read_document(actor=self.worker_a, document=Document.objects.get())
        everything = all_stream_bytes(stored)
        self.assertNotIn(CAMERA_MAKE.encode(), everything)
        self.assertNotIn(b"/JavaScript", everything)
        self.assertNotIn(b"/Annots", everything)

    def test_a_bomb_is_refused_with_a_clear_message_and_the_title_kept(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("add_document"),
            {"title": "Holiday picture", "file": _file("big.png", png_bomb())},
        )
        self.assertContains(response, "“big.png” is too large to be checked safely", status_code=400)
        self.assertContains(response, 'value="Holiday picture"', status_code=400)
        self.assertFalse(Document.objects.exists())


def _file(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
