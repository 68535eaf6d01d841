import secrets

from django.core.management.base import BaseCommand

from fazhi.accounts.constants import Role
from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization


class Command(BaseCommand):
    help = "Create (or reset the password of) an administrator account and print its credentials."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", help="default: a new random password")
        parser.add_argument("--print", action="store_true", help="print the credentials")

    def handle(self, *args, username, password, **options):
        from fazhi.accounts.models import User

        password = password or secrets.token_urlsafe(9)
        # the administrator belongs to the zone (the first 区政府/管委会), else the root
        root = (
            Organization.objects.filter(kind=OrganizationKind.GOVERNMENT, voided_at__isnull=True).order_by("path").first()
            or Organization.objects.filter(parent__isnull=True).order_by("pk").first()
        )
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": "系统管理员", "role": Role.ADMINISTRATOR, "organization": root, "is_staff": True, "is_superuser": True},
        )
        user.set_password(password)
        user.is_active = True
        user.save()
        verb = "created" if created else "password reset for"
        self.stdout.write(f"administrator {verb}: username {username}  password {password}")
