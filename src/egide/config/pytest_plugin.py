"""Loaded by pytest before Django (``-p egide.config.pytest_plugin`` in pyproject.toml): selects the test
environment (fast password hashing only there) before pytest-django reads the settings."""

import os

os.environ.setdefault("EGIDE_ENV", "test")

try:  # hypothesis is a dev dependency; property tests must not fail on a slow, shared CI machine
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("egide", deadline=None, print_blob=True)
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "egide"))
except ImportError:  # pragma: no cover - production install without dev dependencies
    pass
