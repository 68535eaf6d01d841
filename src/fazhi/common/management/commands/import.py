from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.context import audit_context
from fazhi.common.registers import all_registers, get_register, load_registers
from fazhi.common.xlsx import ImportRejected, import_register

from ._common import acting_user


class Command(BaseCommand):
    help = "Import a register from XLSX, all or nothing: fazhi import KIND FILE [--user USERNAME]."

    def add_arguments(self, parser):
        parser.add_argument("kind")
        parser.add_argument("file")
        parser.add_argument("--user", help="import as this user (scope, permission, audit actor)")

    def handle(self, *args, kind, file, user, **options):
        load_registers()
        try:
            reg = get_register(kind)
        except KeyError:
            raise CommandError(f"unknown KIND {kind!r}; known: {', '.join(r.key for r in all_registers())}") from None
        actor = acting_user(user)
        try:
            with audit_context(via="cli"):
                result = import_register(reg, actor, file)
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(str(e))
            raise CommandError(f"{file}: not imported ({len(exc.errors)} errors); nothing was written") from None
        self.stdout.write(f"imported {kind}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")
