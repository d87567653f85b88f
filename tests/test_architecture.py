"""Architecture rules, read from the source: layers, the clock, tenancy, tests per app, CSP-safe templates.

Each rule is a small checker over source text, tested on a bad example first, then run on src/egide.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

import egide
from egide.core.tenancy import TenantModel

SRC = Path(egide.__file__).resolve().parent

# Doors and wiring: the modules that may import views and API code. Everything else under src/egide is
# domain or platform code (models, services, selectors, tasks, rule modules, tenancy, audit...).
DOOR_PARTS = {
    "urls", "forms", "admin", "middleware", "context_processors", "serializers", "templatetags",
    "management", "tests", "migrations", "config", "cli", "testing",
}  # fmt: skip
# The one module allowed to read the wall clock.
CLOCK_MODULE = "egide.core.clock"
FORBIDDEN_CLOCK_CALLS = {
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "datetime.date.today",
    "django.utils.timezone.now",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_door(module: str) -> bool:
    return any(
        p.startswith(("views", "api", "urls_")) or p in DOOR_PARTS for p in module.split(".")[1:]
    )


def python_modules() -> list[tuple[str, Path]]:
    return sorted((module_name(p), p) for p in SRC.rglob("*.py"))


def _imported(tree: ast.AST, module: str) -> list[str]:
    """Every module an import statement names (relative imports resolved, ``from x import y`` as x.y)."""
    package = module.rsplit(".", 1)[0]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return names


def forbidden_imports(source: str, module: str) -> list[str]:
    """Views, API modules (``egide.core.api`` included) and DRF imported by a domain/platform module."""
    found = []
    for name in _imported(ast.parse(source), module):
        parts = name.split(".")
        if parts[0] == "rest_framework" or (
            parts[0] == "egide" and any(p.startswith(("views", "api")) for p in parts[1:])
        ):
            found.append(name)
    return sorted(set(found))


def wall_clock_calls(source: str) -> list[str]:
    """Calls that read the wall clock, with imports resolved (``from django.utils import timezone``...)."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update(
                {(a.asname or a.name).split(".")[0]: a.name.split(".")[0] for a in node.names}
            )
        elif isinstance(node, ast.ImportFrom) and node.module:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            dotted, target = [], node.func
            while isinstance(target, ast.Attribute):
                dotted.insert(0, target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                full = ".".join([aliases.get(target.id, target.id), *dotted])
                if full in FORBIDDEN_CLOCK_CALLS:
                    found.append(f"line {node.lineno}: {full}()")
    return found


def test_import_checker_catches_views_api_and_drf():
    bad = (
        "from egide.accounts import views\nfrom . import api\nfrom ..core.api import Base\n"
        "import rest_framework.serializers\nfrom egide.core.views_ops import x\nfrom egide.core import audit\n"
    )
    assert forbidden_imports(bad, "egide.accounts.services") == [
        "egide.accounts.api",
        "egide.accounts.views",
        "egide.core.api",
        "egide.core.api.Base",
        "egide.core.views_ops",
        "egide.core.views_ops.x",
        "rest_framework.serializers",
    ]


def test_domain_and_platform_code_never_imports_views_or_api_code():
    offenders = {
        module: found
        for module, path in python_modules()
        if not is_door(module) and (found := forbidden_imports(path.read_text(), module))
    }
    assert not offenders, (
        f"domain code importing views/API code (move the shared piece down): {offenders}"
    )


def test_clock_checker_resolves_imports():
    bad = (
        "import datetime\nfrom datetime import date, datetime as dt\nfrom django.utils import timezone\n"
        "from django.utils.timezone import now\n"
        "a = datetime.datetime.now()\nb = dt.now()\nc = date.today()\nd = timezone.now()\ne = now()\n"
        "f = clock.now()\n"
    )
    assert wall_clock_calls(bad) == [
        "line 5: datetime.datetime.now()",
        "line 6: datetime.datetime.now()",
        "line 7: datetime.date.today()",
        "line 8: django.utils.timezone.now()",
        "line 9: django.utils.timezone.now()",
    ]


def test_rules_read_time_from_the_clock():
    offenders = {
        module: found
        for module, path in python_modules()
        if not is_door(module)
        and module != CLOCK_MODULE
        and (found := wall_clock_calls(path.read_text()))
    }
    assert not offenders, f"take clock: Clock = SYSTEM_CLOCK (or now=) instead: {offenders}"


def tenant_models_without_organisation(candidates) -> list[str]:
    bad = []
    for model in candidates:
        if not issubclass(model, TenantModel) or model._meta.abstract:
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "organisation"), None)
        target = getattr(getattr(field, "remote_field", None), "model", None)
        label = (
            target
            if isinstance(target, str)
            else getattr(getattr(target, "_meta", None), "label", "")
        )
        if (
            not isinstance(field, models.ForeignKey)
            or field.null
            or label != "accounts.Organisation"
        ):
            bad.append(model._meta.label)
    return bad


@isolate_apps("egide.core")
def test_tenant_model_checker_catches_a_nullable_organisation():
    class Optional(TenantModel):
        organisation = models.ForeignKey(
            "accounts.Organisation", on_delete=models.CASCADE, null=True
        )

        class Meta:
            app_label = "core"

    class Proper(TenantModel):
        class Meta:
            app_label = "core"

    assert tenant_models_without_organisation([Optional, Proper]) == ["core.Optional"]


def test_every_tenant_model_has_a_non_null_organisation():
    assert tenant_models_without_organisation(apps.get_models()) == []


def test_every_app_has_tests():
    apps_dirs = [p.parent for p in SRC.glob("*/apps.py")]
    assert apps_dirs, "no Egide app found"
    untested = [
        d.name
        for d in apps_dirs
        if not (d / "tests" / "__init__.py").exists() or not any((d / "tests").rglob("test_*.py"))
    ]
    assert not untested, f"apps without a tests/ package holding a test module: {untested}"


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_DATA_SCRIPT = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.DOTALL
)


def csp_violations(template: str) -> list[str]:
    """What a strict CSP (script-src 'self'; style-src 'self') would block in a template."""
    text = _COMMENTS.sub("", template)
    found = []
    for attrs, body in _SCRIPT.findall(text):
        if not _DATA_SCRIPT.search(attrs) and (body.strip() or "src" not in attrs):
            found.append("inline <script>")
    if _INLINE_STYLE.search(text):
        found.append("style= attribute")
    if _STYLE_ELEMENT.search(text):
        found.append("<style> element")
    if _EVENT_HANDLER.search(text):
        found.append("on…= event handler attribute")
    return found


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<script src=\"{% static 'x.js' %}\" defer></script>", []),
        ('<script type="application/json" id="d">{"a": 1}</script>', []),
        ("{# <p style='x'> #}<p>ok</p>", []),
        ("<script>alert(1)</script>", ["inline <script>"]),
        ('<div class="a" style="color: red">', ["style= attribute"]),
        ("<style>p {}</style>", ["<style> element"]),
        ('<button onclick="go()">', ["on…= event handler attribute"]),
    ],
)
def test_csp_checker(template, expected):
    assert csp_violations(template) == expected


def test_templates_need_no_inline_script_or_style():
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("templates/**/*.html"))
        if (found := csp_violations(path.read_text()))
    }
    assert not offenders, (
        f"the CSP blocks these; use static files and egide.css classes: {offenders}"
    )
