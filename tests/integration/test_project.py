"""Project-level contracts: the committed OpenAPI schema, production settings, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "FAZHI_CODE_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "-m", "fazhi", *args], env={**base, **(env or {})},
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.django_db
def test_committed_openapi_schema_is_current(tmp_path):
    """openapi.yaml must be regenerated (make schema) whenever the API changes."""
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate")
    assert out.read_text(encoding="utf-8") == (ROOT / "openapi.yaml").read_text(encoding="utf-8"), (
        "openapi.yaml is stale: run 'make schema' and commit it"
    )


def test_production_refuses_to_start_without_secrets():
    r = _run("check", env={"FAZHI_ENV": "production", "ALLOWED_HOSTS": "fazhi.example"})
    assert r.returncode != 0
    assert "SECRET_KEY" in r.stderr and "FAZHI_CODE_KEY" in r.stderr


def test_production_starts_with_its_settings():
    r = _run("check", "--deploy", "--fail-level", "ERROR", env={
        "FAZHI_ENV": "production", "ALLOWED_HOSTS": "fazhi.example",
        "SECRET_KEY": "q7-Vx2!mB9@tL4#zR8$wN1%kP6^yD3&hJ5*cF0(gS)uE-aT3+oI8=lU7~eY", "FAZHI_CODE_KEY": "c" * 20 + "odekey-9Zq"})
    assert r.returncode == 0, r.stderr


def test_help_lists_every_command():
    r = _run("--help")
    assert r.returncode == 0
    for command in ("deadline", "coordinate", "draw", "demo", "serve", "import", "export", "audit"):
        assert f"  {command} " in r.stdout


def test_unknown_register_kind_is_a_clear_error():
    r = _run("export", "nonsense", "/tmp/x.xlsx")
    assert r.returncode != 0 and "unknown KIND 'nonsense'" in r.stderr
