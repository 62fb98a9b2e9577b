"""Loaded with -p before Django starts: test runs use their own data folder and test settings."""

import os
import tempfile

# Test runs never touch ./var of a developer's installation.
os.environ.setdefault("KETEN_DATA_DIR", tempfile.mkdtemp(prefix="keten-test-"))
os.environ["KETEN_TESTING"] = "true"
os.makedirs(os.path.join(os.environ["KETEN_DATA_DIR"], "static"), exist_ok=True)
