from __future__ import annotations

import base64
import secrets
import tempfile
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

from keten import encryption
from keten.core.crypto import DecryptionError, key_id_of


def key_line(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


class EncryptedFileTests(SimpleTestCase):
    def setUp(self) -> None:
        encryption.keyring.cache_clear()
        self.addCleanup(encryption.keyring.cache_clear)

    def test_it_stores_files_encrypted_and_reads_them_back(self) -> None:
        name = encryption.save_encrypted_file(b"a private statement", folder="tests")
        stored = encryption.read_stored_token(name)
        self.assertNotIn(b"private statement", stored)
        self.assertEqual(encryption.read_encrypted_file(name), b"a private statement")
        encryption.delete_encrypted_file(name)
        self.assertFalse(encryption.stored_file_exists(name))

    def test_it_refuses_a_file_moved_under_another_name(self) -> None:
        first = encryption.save_encrypted_file(b"first", folder="tests")
        second = encryption.save_encrypted_file(b"second", folder="tests")
        encryption.write_stored_token(second, encryption.read_stored_token(first))
        with self.assertRaises(DecryptionError):
            encryption.read_encrypted_file(second)
        encryption.delete_encrypted_file(first)
        encryption.delete_encrypted_file(second)

    def test_it_refuses_names_outside_the_store(self) -> None:
        with self.assertRaises(ValueError):
            encryption.read_encrypted_file("../../secret-key")

    def test_it_makes_the_same_lookup_hash_for_the_same_normalised_value(self) -> None:
        self.assertEqual(
            encryption.lookup_hash("José  Dupont", purpose="name"),
            encryption.lookup_hash("jose dupont", purpose="name"),
        )
        self.assertNotEqual(
            encryption.lookup_hash("jose dupont", purpose="name"),
            encryption.lookup_hash("jose dupont", purpose="other"),
        )


class KeyRotationTests(TestCase):
    def setUp(self) -> None:
        # Rotation reads every stored file: give this test a store of its own, so files other
        # tests left under the default key are not part of it.
        media = tempfile.TemporaryDirectory(prefix="keten-rotation-")
        self.addCleanup(media.cleanup)
        isolated = override_settings(MEDIA_ROOT=media.name)
        isolated.enable()
        self.addCleanup(isolated.disable)
        self.addCleanup(encryption.keyring.cache_clear)

    def test_it_rotates_files_to_the_new_key_and_can_run_again(self) -> None:
        old = key_line("old")
        with override_settings(ENCRYPTION_KEYS=old):
            encryption.keyring.cache_clear()
            name = encryption.save_encrypted_file(b"kept safe", folder="rotation")
        new = key_line("new")
        with override_settings(ENCRYPTION_KEYS=f"{new},{old}"):
            encryption.keyring.cache_clear()
            out = StringIO()
            call_command("keys", "rotate", stdout=out)
            self.assertEqual(key_id_of(encryption.read_stored_token(name)), "new")
            self.assertEqual(encryption.read_encrypted_file(name), b"kept safe")
            again = StringIO()
            call_command("keys", "rotate", stdout=again)
            self.assertIn("0 files", again.getvalue())
        with override_settings(ENCRYPTION_KEYS=new):
            encryption.keyring.cache_clear()
            self.assertEqual(encryption.read_encrypted_file(name), b"kept safe")

    def test_it_prints_a_usable_new_key(self) -> None:
        out = StringIO()
        call_command("keys", "generate", stdout=out)
        line = out.getvalue().splitlines()[0]
        from keten.core.crypto import KeyRing

        self.assertEqual(len(KeyRing.from_config(line).key_ids), 1)
