"""Static file URLs come from the manifest once per process (keten.static_storage)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from keten.static_storage import RememberingStaticFilesStorage


class RememberingStaticFilesStorageTests(SimpleTestCase):
    def storage(self, folder: str) -> RememberingStaticFilesStorage:
        manifest = {
            "version": "1.1",
            "hash": "x",
            "paths": {"keten/css/keten.css": "keten/css/keten.0123abcd.css"},
        }
        (Path(folder) / "staticfiles.json").write_text(json.dumps(manifest))
        return RememberingStaticFilesStorage(location=folder, base_url="/static/")

    @override_settings(DEBUG=False)
    def test_the_hashed_name_from_the_manifest(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            storage = self.storage(folder)
            self.assertEqual(storage.url("keten/css/keten.css"), "/static/keten/css/keten.0123abcd.css")
            with self.assertRaises(ValueError):  # still strict about files the manifest lacks
                storage.url("keten/css/missing.css")

    @override_settings(DEBUG=False)
    def test_the_manifest_is_asked_once_per_name(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            storage = self.storage(folder)
            first = storage.url("keten/css/keten.css")
            storage.hashed_files.clear()  # a second lookup in the manifest would now fail
            self.assertEqual(storage.url("keten/css/keten.css"), first)
