"""Loaded by pytest before Django (``-p egide.config.pytest_plugin`` in pyproject.toml): selects the test
environment (fast password hashing only there) before pytest-django reads the settings."""

import os

os.environ.setdefault("EGIDE_ENV", "test")
