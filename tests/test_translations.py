"""French and English ship complete: every string marked for translation has a French translation.

The catalogue is regenerated from the sources into a scratch copy (``makemessages``) and compared with the
committed ``src/egide/locale/fr/LC_MESSAGES/django.po``: a new string without a translation, a fuzzy entry or an
obsolete committed file all fail here, with the strings named.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parent.parent / "src" / "egide"
CATALOGUES = {
    "django": SRC / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    "djangojs": SRC / "locale" / "fr" / "LC_MESSAGES" / "djangojs.po",
}


def _generated(tmp_path: Path, domain: str, monkeypatch: pytest.MonkeyPatch) -> polib.POFile:
    copy = tmp_path / "egide"
    shutil.copytree(
        SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo", "tests")
    )
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], domain=domain, verbosity=0, no_obsolete=True)
    return polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def test_every_marked_string_has_a_french_translation(tmp_path, monkeypatch):
    generated = _generated(tmp_path, "django", monkeypatch)
    committed = polib.pofile(str(CATALOGUES["django"]))
    translated = {
        _key(e): e
        for e in committed
        if e.translated() and "fuzzy" not in e.flags and not e.obsolete
    }
    missing = [e.msgid for e in generated if _key(e) not in translated]
    assert not missing, (
        f"{len(missing)} string(s) have no French translation in {CATALOGUES['django']}: "
        f"{missing[:20]} - run `make messages-update` and translate them"
    )


def test_plural_forms_are_translated():
    committed = polib.pofile(str(CATALOGUES["django"]))
    incomplete = [
        e.msgid for e in committed if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    assert not incomplete, f"plural translations incomplete: {incomplete[:20]}"


def test_compiled_catalogue_is_used():
    from django.utils import translation

    with translation.override("fr"):
        assert translation.gettext("Sign out") == "Se déconnecter"
    with translation.override("en"):
        assert translation.gettext("Sign out") == "Sign out"
