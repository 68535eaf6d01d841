from django.core.management.base import BaseCommand

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit chain: fazhi audit verify [--case CASE_NO]. Exits 1 naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--case",
            help="verify one penalty case's full-process record (案号, e.g. 甬高新综执罚〔2024〕12号) instead of the audit log",
        )

    def handle(self, *args, action, case, **options):
        if case:
            raise SystemExit(self._verify_case(case))
        broken = audit_verify()
        n = AuditEntry.objects.count()
        if broken is not None:
            self.stderr.write(f"audit chain BROKEN at entry #{broken.seq}: {broken.reason} / {broken.reason_zh}")
            raise SystemExit(1)
        self.stdout.write(f"audit chain intact: {n} entries")

    def _verify_case(self, number: str) -> int:
        """Verify every case with this number (numbers are unique per body and year); 0 when all intact."""
        from fazhi.enforcement.models import PenaltyCase
        from fazhi.enforcement.services import case_record_verify

        cases = list(PenaltyCase.objects.filter(number=number.strip()).select_related("organization").order_by("pk"))
        if not cases:
            self.stderr.write(f"no penalty case numbered {number} / 未找到案号为 {number} 的案件")
            return 2
        status = 0
        for case in cases:
            label = f"{case.number} ({case.organization.name}, id {case.pk})"
            broken = case_record_verify(case)
            if broken is None:
                self.stdout.write(f"full-process record intact: {label}, {case.record_seq} entries")
                continue
            status = 1
            self.stderr.write(
                f"full-process record of {label} BROKEN at entry #{broken.seq} ({broken.kind}): "
                f"{broken.reason} / {broken.reason_zh}"
            )
        return status
