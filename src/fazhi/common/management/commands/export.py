from django.core.management.base import BaseCommand, CommandError

from fazhi.common.registers import all_registers, get_register, load_registers
from fazhi.common.xlsx import export_register

from ._common import acting_user


class Command(BaseCommand):
    help = "Export a register to XLSX: fazhi export KIND FILE [--user USERNAME] (what that user may see)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="register: " + ", ".join(["organizations", "users", "entities", "officers", "certificates", "training", "items"]))
        parser.add_argument("file")
        parser.add_argument("--user", help="export as this user (default: the first administrator)")

    def handle(self, *args, kind, file, user, **options):
        load_registers()
        try:
            reg = get_register(kind)
        except KeyError:
            raise CommandError(f"unknown KIND {kind!r}; known: {', '.join(r.key for r in all_registers())}") from None
        actor = acting_user(user)
        with open(file, "wb") as out:
            n = export_register(reg, actor, out)
        self.stdout.write(f"exported {n} {kind} to {file}")
