"""The ``egide`` command: a thin dispatcher over Django management commands.

``egide audit verify --org SLUG`` runs the ``audit`` command with ``verify --org SLUG``; ``egide --help``
lists the Egide commands with one line each; any other Django command (``egide migrate``) passes through.
"""

from __future__ import annotations

import os
import sys

EGIDE_COMMANDS: dict[str, str] = {
    "demo": "Load the fictional hospital group (idempotent; --reset starts over).",
    "serve": "Serve the web application (gunicorn; --dev for the auto-reloading server).",
    "worker": "Run background tasks and periodic sweeps.",
    "audit": "Audit trail tools: `egide audit verify [--org SLUG]` checks the hash chains.",
    "registry": "Record of processing activities: `egide registry export|import|check --org SLUG`.",
    "rights": "Patients' rights requests: `egide rights deadline --received YYYY-MM-DD`.",
    "breach": "Personal data breaches: `egide breach assess --json FILE` prints the severity and what to notify.",
    "createorg": "Create an organisation.",
    "createuser": "Create a user and optionally give them a role in an organisation.",
    "otp": "Print the current TOTP code of a demo user (demo and development only).",
    "migrate": "Create or update the database schema.",
}


def _print_help() -> None:
    print("usage: egide <command> [options]\n")  # noqa: T201
    print("Egide commands:")  # noqa: T201
    width = max(len(name) for name in EGIDE_COMMANDS)
    for name, line in EGIDE_COMMANDS.items():
        print(f"  {name.ljust(width)}  {line}")  # noqa: T201
    print("\nEvery Django management command is available too (`egide help` lists them).")  # noqa: T201


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egide.config.settings")
    if not args or args[0] in {"-h", "--help"}:
        _print_help()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egide", *args])


if __name__ == "__main__":
    main()
