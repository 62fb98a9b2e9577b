"""/readyz: a load balancer's question "may this server take traffic?", answered per check."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from keten.ops import readiness


class ReadinessTests(TestCase):
    def test_a_working_server_is_ready_and_every_check_is_named(self) -> None:
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "status": "ready",
                "checks": {"database": "ok", "storage": "ok", "keys": "ok", "task_queue": "ok"},
            },
        )

    def test_storage_that_takes_no_files_makes_the_server_not_ready(self) -> None:
        with tempfile.NamedTemporaryFile() as not_a_folder:
            # Uploads would go under a plain file: no write can succeed.
            with override_settings(MEDIA_ROOT=str(Path(not_a_folder.name) / "files")):
                response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "not ready")
        self.assertEqual(response.json()["checks"]["storage"], "failed")
        self.assertEqual(response.json()["checks"]["database"], "ok")
        # The answer names the check, not the error (paths, hosts, messages stay in the log).
        self.assertNotIn(not_a_folder.name, response.content.decode())

    def test_a_missing_key_makes_the_server_not_ready(self) -> None:
        with override_settings(INDEX_KEY=""):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["keys"], "failed")

    def test_the_storage_probe_leaves_no_file_behind(self) -> None:
        from django.conf import settings

        readiness.check_storage()
        probes = Path(settings.MEDIA_ROOT) / "readiness"
        self.assertEqual(list(probes.glob("*")) if probes.exists() else [], [])

    def test_readiness_cannot_be_changed_or_cached(self) -> None:
        self.assertEqual(self.client.post("/readyz").status_code, 405)
        self.assertIn("no-cache", self.client.get("/readyz")["Cache-Control"])
