"""Fixtures shared by the Django tests: a small zone and one user per role.

The zone:  浙江省 → 宁波市 → 测试区管委会 → {法治办, 执法队 → 一中队, 市场监管分局, 梅墟街道}
"""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def zone(db):
    from fazhi.organizations.constants import OrganizationKind as K
    from fazhi.organizations.models import Organization
    from fazhi.organizations.services import organization_path_refresh

    def org(name, kind, parent=None, **kw):
        o = Organization.objects.create(name=name, kind=kind, parent=parent, **kw)
        organization_path_refresh(o)
        return o

    province = org("浙江省", K.PROVINCE)
    city = org("宁波市", K.CITY, province)
    gov = org("测试区管委会", K.GOVERNMENT, city, uscc="11330208591592676Q")
    legal = org("法治办", K.LEGAL_OFFICE, gov)
    team = org(
        "综合行政执法队", K.ENFORCEMENT_TEAM, gov,
        has_enforcement_authority=True, authority_basis="《浙江省综合行政执法条例》第十条",
    )
    squad = org("一中队", K.TEAM, team)
    market = org(
        "市场监管分局", K.DEPARTMENT, gov,
        has_enforcement_authority=True, authority_basis="《市场监督管理行政处罚程序规定》",
    )
    street = org("梅墟街道", K.STREET, gov)
    other_city = org("杭州市", K.CITY, province)
    other_gov = org("另一区政府", K.GOVERNMENT, other_city)
    return type("Zone", (), dict(
        province=province, city=city, gov=gov, legal=legal, team=team, squad=squad,
        market=market, street=street, other_gov=other_gov,
    ))


@pytest.fixture
def users(zone):
    from fazhi.accounts.constants import Role
    from fazhi.accounts.models import User

    def user(username, org, role):
        u = User.objects.create_user(username=username, password="pw-for-tests", organization=org, role=role, full_name=username)
        return u

    return type("Users", (), dict(
        legal=user("legal", zone.legal, Role.LEGAL_OFFICE),
        team_staff=user("team_staff", zone.team, Role.DEPARTMENT_STAFF),
        market_staff=user("market_staff", zone.market, Role.DEPARTMENT_STAFF),
        officer=user("officer", zone.squad, Role.OFFICER),
        leader=user("leader", zone.gov, Role.LEADERSHIP),
        admin=user("admin", zone.gov, Role.ADMINISTRATOR),
        stranger=user("stranger", zone.other_gov, Role.LEGAL_OFFICE),
    ))


@pytest.fixture
def officers(zone, users):
    """One certified officer in the enforcement team and one in market supervision."""
    from fazhi.enforcement.models import EnforcementCertificate, Officer

    a = Officer.objects.create(organization=zone.team, staff_number="T001", name="王一")
    b = Officer.objects.create(organization=zone.market, staff_number="M001", name="李二")
    for o, num in ((a, "33020800001"), (b, "33020800002")):
        EnforcementCertificate.objects.create(
            officer=o, organization=o.organization, number=num, issued_by="宁波市人民政府",
            valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 12, 31),
        )
    return type("Officers", (), dict(team=a, market=b))


def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def api_for(user):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(user)
    return c
