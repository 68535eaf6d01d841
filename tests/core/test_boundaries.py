"""The pure core imports neither Django nor the rest of fazhi (STYLE R1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "fazhi" / "core"


def test_core_modules_import_no_django_and_no_app_code():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in {"django", "rest_framework"} or (top == "fazhi" and not name.startswith("fazhi.core")):
                    offenders.append(f"{path.relative_to(CORE)}:{node.lineno} imports {name}")
    assert not offenders, offenders


def test_core_commands_start_without_django():
    """`fazhi --help` and the pure-core commands never load Django."""
    code = (
        "import sys; from fazhi.cli import main; "
        "import fazhi.core.calendar, fazhi.core.identifiers, fazhi.core.hashchain; "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
