from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit chain: fazhi audit verify [--case CASE_NO]. Exits 1 naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--case", help="verify one penalty case's full-process record")

    def handle(self, *args, action, case, **options):
        if case:
            raise CommandError("--case: penalty cases are not in this deployment yet (the enforcement case module)")
        broken = audit_verify()
        n = AuditEntry.objects.count()
        if broken is not None:
            self.stderr.write(f"audit chain BROKEN at entry #{broken.seq}: {broken.reason} / {broken.reason_zh}")
            raise SystemExit(1)
        self.stdout.write(f"audit chain intact: {n} entries")
