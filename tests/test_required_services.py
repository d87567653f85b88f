"""Round trips to the hospital's own systems that connectors will read: PostgreSQL, MariaDB, Redis.

Each test connects for real to the URL in its environment variable. When the URL is unset or the service
does not answer, the test is skipped on a developer's machine and fails in CI (``EGIDE_REQUIRE_SERVICES=1``,
see ``skip_or_fail`` in the root conftest).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import conftest
import pytest
from conftest import skip_or_fail

ROOT = Path(conftest.__file__).resolve().parent
TIMEOUT_SECONDS = 5
LABEL = "Hôpital Nord – service de cardiologie"  # non-ASCII on purpose: encodings must survive


def _url(variable: str) -> str:
    url = os.environ.get(variable, "")
    if not url:
        skip_or_fail(f"{variable} is not set")
    return url


def _where(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or ''}{parts.path}"


def test_postgresql_round_trip():
    import psycopg

    url = _url("EGIDE_TEST_POSTGRES_URL")
    try:
        connection = psycopg.connect(url, connect_timeout=TIMEOUT_SECONDS)
    except psycopg.OperationalError as exc:
        skip_or_fail(f"PostgreSQL unreachable at {_where(url)}: {exc}")
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE egide_probe (id integer PRIMARY KEY, label text NOT NULL)"
        )
        cursor.execute("INSERT INTO egide_probe (id, label) VALUES (%s, %s)", (1, LABEL))
        cursor.execute("SELECT id, label FROM egide_probe")
        assert cursor.fetchall() == [(1, LABEL)]
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
        assert int(version) >= 130000, "Egide supports PostgreSQL 13 and later"


def test_mariadb_round_trip():
    import pymysql

    url = _url("EGIDE_TEST_MARIADB_URL")
    parts = urlsplit(url)
    assert parts.scheme in {"mysql", "mariadb"}, (
        f"expected mysql://user[:password]@host:port/db, got {_where(url)}"
    )
    try:
        connection = pymysql.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=parts.path.lstrip("/") or None,
            charset="utf8mb4",
            connect_timeout=TIMEOUT_SECONDS,
        )
    except pymysql.err.OperationalError as exc:
        skip_or_fail(f"MariaDB unreachable at {_where(url)}: {exc}")
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE egide_probe (id INT PRIMARY KEY, label VARCHAR(200) NOT NULL) "
            "CHARACTER SET utf8mb4"
        )
        cursor.execute("INSERT INTO egide_probe (id, label) VALUES (%s, %s)", (1, LABEL))
        cursor.execute("SELECT id, label FROM egide_probe")
        assert cursor.fetchall() == ((1, LABEL),)
        cursor.execute("SELECT VERSION()")
        (version,) = cursor.fetchone()
        assert version


def test_redis_round_trip():
    import redis

    url = _url("EGIDE_TEST_REDIS_URL")
    client = redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    key = f"egide:test:{uuid.uuid4().hex}"
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        skip_or_fail(f"Redis unreachable at {_where(url)}: {exc}")
    try:
        assert client.set(key, LABEL.encode("utf-8"), ex=60)
        assert client.get(key).decode("utf-8") == LABEL
        assert client.delete(key) == 1
        assert client.get(key) is None
    finally:
        client.delete(key)
        client.close()


def test_skip_or_fail_skips_when_services_are_optional(monkeypatch):
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", False)
    with pytest.raises(pytest.skip.Exception, match="no database here"):
        skip_or_fail("no database here")


def test_skip_or_fail_fails_when_services_are_required(monkeypatch):
    monkeypatch.setattr(conftest, "REQUIRE_SERVICES", True)
    with pytest.raises(pytest.fail.Exception, match="required service missing: no database here"):
        skip_or_fail("no database here")


@pytest.mark.parametrize(("flag", "outcome"), [("1", "Failed"), ("", "Skipped")])
def test_the_flag_is_read_from_the_environment(flag, outcome):
    """EGIDE_REQUIRE_SERVICES=1, as CI sets it, turns a missing service into a failure."""
    code = (
        "import conftest\n"
        "try:\n    conftest.skip_or_fail('no database here')\n"
        "except BaseException as exc:\n    print(type(exc).__name__)\n"
    )
    env = {**os.environ, "EGIDE_REQUIRE_SERVICES": flag}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == outcome
