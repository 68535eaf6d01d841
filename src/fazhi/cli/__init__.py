"""The ``fazhi`` command.

Two kinds of command share one entry point (STYLE R13):

* commands that need only the pure core (``deadline``, ``coordinate``, ``draw``)
  run without importing Django, so they start fast and need no database;
* every other command is a Django management command (``demo``, ``serve``,
  ``import``, ``export``, ``audit`` and Django's own, such as ``migrate``).

This module must stay import-light: it imports a command's module only when
that command runs.
"""

from __future__ import annotations

import importlib
import os
import sys

# name -> (module with a ``main(argv) -> int``, one-line help)
CORE_COMMANDS: dict[str, tuple[str, str]] = {
    "deadline": ("fazhi.cli.deadline", "compute a statutory deadline (no database)"),
    "coordinate": ("fazhi.cli.coordinate", "plan joint visits from TASKS.csv (no database)"),
    "draw": ("fazhi.cli.draw", "run or verify a random draw from CSV files (no database)"),
}

DJANGO_COMMANDS: dict[str, str] = {
    "demo": "build or rebuild the demo zone (idempotent; does not serve)",
    "serve": "serve the web application (default 127.0.0.1:8000)",
    "import": "import a register from XLSX: fazhi import KIND FILE",
    "export": "export a register to XLSX: fazhi export KIND FILE",
    "audit": "verify the audit chain: fazhi audit verify [--case CASE_NO]",
    "createadmin": "create or reset an administrator account",
    "migrate": "create or update the database schema (Django)",
}


def usage() -> str:
    lines = ["usage: fazhi COMMAND [ARGS ...]", "", "Commands without a database:"]
    lines += [f"  {name:<12} {help_}" for name, (_, help_) in CORE_COMMANDS.items()]
    lines += ["", "Commands of the web application:"]
    lines += [f"  {name:<12} {help_}" for name, help_ in DJANGO_COMMANDS.items()]
    lines += [
        "",
        "Every other Django management command works too (fazhi help lists them all).",
        "Run 'fazhi COMMAND --help' for a command's options.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name in CORE_COMMANDS:
        module = importlib.import_module(CORE_COMMANDS[name][0])
        return int(module.main(rest) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", name, *rest])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
