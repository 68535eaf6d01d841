"""Officers (执法人员) with their certificates (执法证), and their training hours (学时).

About 250 officers across the bodies with enforcement authority. Certificates
are dated relative to ``ctx.today`` so that the home page always has something
to show: most run well past today, a few have expired, a few are suspended or
revoked, and several end within the next 30 days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.accounts.models import User
from fazhi.enforcement.constants import TRAINING_HOURS_REQUIRED, CertificateStatus
from fazhi.enforcement.models import EnforcementCertificate, Officer, TrainingRecord

from . import names
from .base import DemoContext, StepResult
from .zone import DIVISION

#: organization key → (officers, staff-number prefix, certificate department code, posts)
STAFFING: dict[str, tuple[int, str, int, tuple[str, ...]]] = {
    "enforcement_team": (12, "ZF", 1, ("队长", "副队长", "法制审核员", "执法队员")),
    "squad_1": (38, "ZF1", 1, ("中队长", "副中队长", "执法队员")),
    "squad_2": (36, "ZF2", 1, ("中队长", "副中队长", "执法队员")),
    "squad_3": (34, "ZF3", 1, ("中队长", "副中队长", "执法队员")),
    "market": (44, "SJ", 2, ("科长", "副科长", "科员")),
    "emergency": (20, "YJ", 3, ("科长", "科员")),
    "fire": (16, "XF", 4, ("大队长", "监督员")),
    "ecology": (16, "HB", 5, ("科长", "科员")),
    "health": (12, "WJ", 6, ("科长", "科员")),
    "hrss": (10, "RS", 7, ("监察员",)),
    "housing": (14, "JS", 8, ("科长", "科员")),
}
#: the certificate authorises the body; a 中队 acts for its 执法队
AUTHORITY_OF = {
    "squad_1": "enforcement_team",
    "squad_2": "enforcement_team",
    "squad_3": "enforcement_team",
}
ISSUED_BY = "宁波市人民政府"
CERTIFICATE_YEARS = 5

EXPIRING_SOON = 7  # valid certificates that end within 30 days of today
EXPIRED = 8
SUSPENDED = 4
REVOKED = 3

TRAINING_TOPICS: tuple[tuple[str, Decimal], ...] = (
    ("学习贯彻习近平法治思想 强化行政执法能力建设专题培训班", Decimal(24)),
    ("执法办案系统操作培训", Decimal(8)),
    ("《中华人民共和国行政处罚法》专题培训", Decimal(12)),
    ("行政执法“三项制度”专题培训", Decimal(8)),
    ("行业主管部门业务培训", Decimal(16)),
    ("行政执法证考试辅导", Decimal(6)),
    ("执法文书制作规范培训", Decimal(6)),
    ("涉企行政检查规范专题", Decimal(4)),
)
CLOUD_CLASS = "全市“周五云课堂”"
CLOUD_CLASS_HOURS = Decimal(2)
TRAINING_YEARS = (2023, 2024)
BELOW_REQUIREMENT_SHARE = 0.08


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _certificate_dates(rng, today: dt.date, fate: str) -> tuple[dt.date, dt.date, str]:
    """(valid_from, valid_until, stored status) for one certificate of the given fate."""
    if fate == "expiring":
        until = today + dt.timedelta(days=rng.randint(1, 29))
    elif fate == "expired":
        until = today - dt.timedelta(days=rng.randint(5, 400))
    else:
        until = today + dt.timedelta(days=rng.randint(45, 365 * 3))
    start = _add_years(until, -CERTIFICATE_YEARS) + dt.timedelta(days=1)
    status = {"suspended": CertificateStatus.SUSPENDED, "revoked": CertificateStatus.REVOKED}.get(
        fate, CertificateStatus.VALID
    )
    # An expired certificate keeps the stored status "valid": expiry is derived from
    # valid_until (CertificateStatus), so the certificate still counts on past days.
    return start, until, status


def build_officers(ctx: DemoContext) -> StepResult:
    orgs = ctx.orgs
    existing = Officer.objects.filter(organization__in=[orgs[k] for k in STAFFING]).count()
    if existing:
        return ctx.skipped(
            "officers",
            officers=existing,
            certificates=EnforcementCertificate.objects.filter(
                officer__organization__in=[orgs[k] for k in STAFFING]
            ).count(),
        )
    rng = ctx.rng("officers")
    account = User.objects.filter(username="officer1").first()
    officers: list[Officer] = []
    for key, (count, prefix, _, posts) in STAFFING.items():
        for n in range(1, count + 1):
            post = posts[0] if n == 1 else posts[1] if n == 2 and len(posts) > 2 else posts[-1]
            officers.append(
                Officer(
                    organization=orgs[key],
                    staff_number=f"{prefix}{n:03d}",
                    name=names.person_name(rng),
                    post=post,
                )
            )
    if account is not None:
        # The demo officer account acts as the third member of 第一中队, a plain 执法队员.
        officer = next(
            o for o in officers if o.organization == orgs["squad_1"] and o.post == "执法队员"
        )
        officer.user = account
        officer.name = account.full_name or officer.name

    fates = ["valid"] * len(officers)
    candidates = [i for i, o in enumerate(officers) if o.user is None]
    special = rng.sample(candidates, EXPIRING_SOON + EXPIRED + SUSPENDED + REVOKED)
    for i, pos in enumerate(special):
        fates[pos] = (
            "expiring"
            if i < EXPIRING_SOON
            else "expired"
            if i < EXPIRING_SOON + EXPIRED
            else "suspended"
            if i < EXPIRING_SOON + EXPIRED + SUSPENDED
            else "revoked"
        )

    ctx.total(2 * len(officers))
    officers = ctx.create(Officer, "officer", officers)
    seq: dict[int, int] = {}
    certificates = []
    for officer, fate in zip(officers, fates, strict=True):
        key = next(k for k in STAFFING if orgs[k].pk == officer.organization_id)
        department = STAFFING[key][2]
        seq[department] = seq.get(department, 0) + 1
        start, until, status = _certificate_dates(rng, ctx.today, fate)
        certificates.append(
            EnforcementCertificate(
                officer=officer,
                organization=orgs[AUTHORITY_OF.get(key, key)],
                number=f"{DIVISION}{department:02d}{seq[department]:03d}",
                issued_by=ISSUED_BY,
                valid_from=start,
                valid_until=until,
                status=status,
            )
        )
    ctx.create(EnforcementCertificate, "certificate", certificates)
    return StepResult(
        "officers", created={"officers": len(officers), "certificates": len(certificates)}
    )


def _training_plan(rng, year: int, target: Decimal) -> list[tuple[dt.date, str, Decimal]]:
    """Records for one officer and year adding up to about ``target`` hours, one per topic and day."""
    out: list[tuple[dt.date, str, Decimal]] = []
    total = Decimal(0)
    topics = list(TRAINING_TOPICS)
    rng.shuffle(topics)
    for topic, hours in topics:
        if total + hours > target:
            continue
        out.append((dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), topic, hours))
        total += hours
    # Top up with Friday cloud classes (a different Friday each time).
    fridays = [
        d
        for d in (dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366))
        if d.year == year and d.weekday() == 4
    ]
    rng.shuffle(fridays)
    while total + CLOUD_CLASS_HOURS <= target and fridays:
        out.append((fridays.pop(), CLOUD_CLASS, CLOUD_CLASS_HOURS))
        total += CLOUD_CLASS_HOURS
    return sorted(out)


def build_training(ctx: DemoContext) -> StepResult:
    orgs = ctx.orgs
    scope = [orgs[k] for k in STAFFING]
    existing = TrainingRecord.objects.filter(organization__in=scope).count()
    if existing:
        return ctx.skipped("training", training_records=existing)
    rng = ctx.rng("training")
    records: list[TrainingRecord] = []
    officers = Officer.objects.filter(organization__in=scope).order_by(
        "organization__path", "staff_number"
    )
    for officer in officers:
        for year in TRAINING_YEARS:
            if rng.random() < BELOW_REQUIREMENT_SHARE:
                target = Decimal(rng.randrange(24, TRAINING_HOURS_REQUIRED, 2))
            else:
                target = Decimal(rng.randrange(TRAINING_HOURS_REQUIRED, 96, 2))
            for held_on, topic, hours in _training_plan(rng, year, target):
                records.append(
                    TrainingRecord(
                        organization_id=officer.organization_id,
                        officer=officer,
                        held_on=held_on,
                        topic=topic,
                        hours=hours,
                    )
                )
    ctx.total(len(records))
    ctx.create(TrainingRecord, "training", records)
    return StepResult("training", created={"training_records": len(records)})
