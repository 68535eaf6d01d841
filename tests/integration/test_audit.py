"""The audit chain: every write appends; tampering is caught; concurrent writers keep it linear."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from django.db import connection, transaction

from fazhi.audit.models import AuditEntry, ChainHead
from fazhi.audit.services import audit_record, audit_verify
from fazhi.organizations.models import Organization


def _write(n: int, org) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(event="organization.touched", obj=org, data={"i": i})


@pytest.mark.django_db
def test_chain_verifies_and_names_the_first_tampered_entry(zone):
    _write(5, zone.gov)
    assert audit_verify() is None
    target = AuditEntry.objects.order_by("seq")[2]
    AuditEntry.objects.filter(pk=target.pk).update(object_repr="篡改")  # bypasses the append-only guard
    broken = audit_verify()
    assert broken is not None and broken.seq == target.seq
    assert broken.kind == "hash"


@pytest.mark.django_db
def test_removed_entries_are_caught_in_the_middle_and_at_the_end(zone):
    _write(4, zone.gov)
    entries = list(AuditEntry.objects.order_by("seq"))
    AuditEntry.objects.filter(pk=entries[-1].pk)._raw_delete(AuditEntry.objects.db)
    assert audit_verify() is not None  # the head still names the removed last entry
    AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(AuditEntry.objects.db)
    broken = audit_verify()
    assert broken is not None and broken.seq == entries[2].seq


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_model(zone):
    _write(1, zone.gov)
    entry = AuditEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear(zone):
    """Four threads append at once; the chain has no fork, no gap and verifies."""
    org = Organization.objects.get(pk=zone.gov.pk)
    errors: list[BaseException] = []

    def worker():
        try:
            _write(15, org)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    assert ChainHead.objects.get().seq == 60
    assert audit_verify() is None


@pytest.mark.django_db(transaction=True)
def test_cli_verify_exits_1_naming_the_broken_entry(zone, settings, tmp_path):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("the CLI runs in another process and cannot see an in-memory SQLite test database")
    _write(3, zone.gov)
    env = {"DATABASE_URL": _database_url(), "FAZHI_ENV": "test", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([sys.executable, "-m", "fazhi", "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and "intact: 3 entries" in ok.stdout
    second = AuditEntry.objects.order_by("seq")[1]
    AuditEntry.objects.filter(pk=second.pk).update(event="forged")
    bad = subprocess.run([sys.executable, "-m", "fazhi", "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"#{second.seq}" in bad.stderr


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"
