"""Case numbers under concurrent filing: the counter row is locked, so no two cases share a serial."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_filings_get_distinct_consecutive_numbers(zone, users, officers):
    from fazhi.enforcement import services
    from fazhi.enforcement.models import CaseNumberCounter, PenaltyCase
    from fazhi.enforcement.tests.factories import FILE_ON, case_world, new_case

    w = case_world(zone, users, officers)
    cases = [new_case(w) for _ in range(6)]
    barrier = threading.Barrier(len(cases))
    failures: list[BaseException] = []

    def file(case):
        try:
            barrier.wait(timeout=30)
            services.case_file(case=case, actor=users.team_staff, on=FILE_ON, officers=w.team_officers)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    serials = sorted(PenaltyCase.objects.values_list("serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]
    assert CaseNumberCounter.objects.get(organization=zone.team, year=2025).last_serial == 6
