"""Helpers shared by the CLI commands that act as a user."""

from __future__ import annotations

from django.core.management.base import CommandError


def acting_user(username: str | None):
    """The user a command acts as (for scope, permissions and the audit actor)."""
    from fazhi.accounts.models import User

    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"--user: no user named {username!r}") from None
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("--user is required (no administrator account exists yet; run 'fazhi createadmin')")
    return user
