"""Production settings refuse unsafe values and switch on the secure defaults."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from egide.config.env import EnvError, env_bool, env_int, env_list


def _settings_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import egide.config.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG, s.SECURE_SSL_REDIRECT)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_development_secret_key():
    result = _settings_in({"EGIDE_ENV": "production"})
    assert result.returncode != 0
    assert "EGIDE_SECRET_KEY must be set" in result.stderr


def test_production_turns_on_secure_cookies_hsts_and_no_debug():
    result = _settings_in({"EGIDE_ENV": "production", "EGIDE_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000", "False", "True"]


def test_unknown_environment_name_fails_loudly():
    result = _settings_in({"EGIDE_ENV": "prod"})
    assert result.returncode != 0
    assert "EGIDE_ENV must be" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("EGIDE_X", raw)
    assert env_bool("EGIDE_X") is expected


def test_env_readers_reject_garbage(monkeypatch):
    monkeypatch.setenv("EGIDE_X", "maybe")
    with pytest.raises(EnvError, match="EGIDE_X must be a boolean"):
        env_bool("EGIDE_X")
    monkeypatch.setenv("EGIDE_X", "ten")
    with pytest.raises(EnvError, match="EGIDE_X must be an integer"):
        env_int("EGIDE_X", 1)
    monkeypatch.setenv("EGIDE_X", "a, b,,c")
    assert env_list("EGIDE_X", []) == ["a", "b", "c"]


def test_every_response_carries_the_strict_csp(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
