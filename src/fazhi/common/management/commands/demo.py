import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.context import audit_context


class Command(BaseCommand):
    help = (
        "Build the demo zone (宁波高新区, SPEC §5): organizations, demo accounts, 35,994 market "
        "entities, officers with certificates and training, the enforcement item catalogue. "
        "Idempotent: on a built database it creates nothing. It does not serve; run 'fazhi serve'. "
        "--fresh first empties the WHOLE database with Django's flush (every table: demo records, "
        "accounts including those made with createadmin, and the audit log), then builds: use it on "
        "a demo database only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=2024,
            help="random seed (default 2024); same seed, same zone",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="flush the whole database (Django's flush: every table) before building; demo databases only",
        )

    def handle(self, *args, seed, fresh, **options):
        from fazhi.demo import DemoError, build, module_figures
        from fazhi.demo.progress import TextProgress

        # Progress and notes go to stderr unstyled (the command's stderr wrapper paints it red).
        err = options.get("stderr") or sys.stderr
        if fresh:
            if settings.PRODUCTION:
                raise CommandError(
                    "--fresh empties the whole database; refused with FAZHI_ENV=production"
                )
            err.write(f"flushing the database {settings.DATABASES['default']['NAME']} ...\n")
            call_command("flush", interactive=False, verbosity=0)
        err.write(f"building the demo zone (seed {seed})\n")
        try:
            with audit_context(via="demo"):
                summary = build(seed=seed, progress=TextProgress(err))
        except DemoError as exc:
            raise CommandError(str(exc)) from None

        out = self.stdout.write
        if summary.created:
            out(
                f"demo zone built in {summary.seconds:.1f} s: {summary.created:,} records created and audited"
            )
        else:
            out("the demo zone is already built: nothing new created (use --fresh to rebuild it)")
        f = summary.figures
        growth = f"{f.growth_rate * 100:+.2f} %" if f.growth_rate is not None else "n/a"
        out(
            f"market entities {f.year}: {f.entities_existing:,} existing on {f.year}-12-31, "
            f"{f.entities_registered:,} registered in {f.year}, "
            f"{f.entities_existing_previous:,} existing a year earlier, growth {growth}"
        )
        out(
            f"officers: {f.officers:,}, {f.officers_certified_today:,} with a certificate valid on {summary.today}"
        )
        out(f"penalty items claimed by 综合行政执法队 on {f.year}-12-31: {f.penalty_items_team:,}")
        for line in module_figures(year=f.year):
            out(line)
        out("demo accounts:")
        for a in summary.accounts:
            out(f"  {a.username:<10} {a.full_name:<6} {a.role:<8} {a.organization}")
        new = [a.username for a in summary.accounts if a.created]
        if summary.password and new:
            out(f"password of {', '.join(new)}: {summary.password}")
        if len(new) < len(summary.accounts):
            out(
                "existing accounts keep their password (reset one with 'fazhi changepassword USERNAME')"
            )
