"""One demo account per working role, all with one random password chosen per run.

The password is never stored in the repository: the step draws it with
``secrets`` when it creates the accounts and hands it back in the summary,
which ``fazhi demo`` prints once. A later run finds the accounts and leaves
their password alone (reset one with ``fazhi changepassword USERNAME``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from fazhi.accounts.constants import Role
from fazhi.accounts.models import User

from . import names
from .base import DemoContext, StepResult


@dataclass(frozen=True)
class AccountSpec:
    username: str
    org_key: str
    role: str


ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("fzb", "legal_office", Role.LEGAL_OFFICE),
    AccountSpec("zfd", "enforcement_team", Role.DEPARTMENT_STAFF),
    AccountSpec("scjg", "market", Role.DEPARTMENT_STAFF),
    AccountSpec("officer1", "squad_1", Role.OFFICER),
    AccountSpec("leader", "zone", Role.LEADERSHIP),
)


def build_accounts(ctx: DemoContext) -> StepResult:
    existing = set(
        User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    missing = [a for a in ACCOUNTS if a.username not in existing]
    if not missing:
        return ctx.skipped("accounts", accounts=len(existing))
    rng = ctx.rng("accounts")
    full_names = {a.username: names.person_name(rng) for a in ACCOUNTS}
    ctx.password = secrets.token_urlsafe(9)
    # perf: one hash for all accounts (a full PBKDF2 run each would cost seconds).
    hashed = make_password(ctx.password)
    users = [
        User(
            username=a.username,
            full_name=full_names[a.username],
            organization=ctx.orgs[a.org_key],
            role=a.role,
            password=hashed,
        )
        for a in missing
    ]
    ctx.total(len(users))
    ctx.create(User, "user", users)
    ctx.shared["accounts_created"] = [u.username for u in users]
    return StepResult("accounts", created={"accounts": len(users)})
