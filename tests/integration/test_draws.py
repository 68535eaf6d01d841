"""Random draws in the web app (双随机、一公开, issue 6 items 2 and 4): commit and reveal, frozen inputs,
the public page and download, re-verification, inspection tasks, permissions and refusals.

The world (``drawable``): the shared zone, users and officers, plus

* a published inspection item per department (执法队 燃气, 市场监管 食品);
* 40 enterprises, ten per credit-risk class A–D (E05 and E06 on the 无事不扰 list,
  E07 deregistered, E08 voided), half of them in 梅墟街道;
* 市场监管分局: six officers with certificates valid on the draw date (李二 from the
  shared fixture and M002–M006), M007 expired before it, M008 suspended;
  执法队: 王一 (T001) and 王二 (T002, in 一中队, certified for 执法队).

Draw dates are a week from today and the calendar is extended by a synthetic
notice for next year when the package lacks it, so the tests do not depend on
the day they run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shlex
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.core.draw import DrawImpossible, commit
from fazhi.core.draw_snapshot import decode
from fazhi.core.identifiers import mask_name, uscc_check_character
from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db

RATIOS = {"A": "0.1", "B": "0.2", "C": "0.3", "D": "1"}


def make_uscc(n: int) -> str:
    first17 = f"9133020866{n:07d}"
    return first17 + uscc_check_character(first17)


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def years(db):
    """Next year's calendar, synthetic, when the package does not carry it yet."""
    from fazhi.config.models import HolidayYearNotice
    from fazhi.config.selectors import work_calendar

    cal = work_calendar()
    for y in (today().year, today().year + 1):
        if not cal.covers(dt.date(y, 1, 1)):
            HolidayYearNotice.objects.create(year=y, days_off={f"{y}-01-01": "元旦"}, source="测试用放假安排")


@pytest.fixture
def drawable(zone, users, officers, years):
    from fazhi.enforcement.models import EnforcementCertificate, EnforcementItem, Officer
    from fazhi.entities.models import MarketEntity
    from fazhi.inspections import services as inspections

    catalogue = {
        org: EnforcementItem.objects.create(
            organization=org, code=f"330208-JC-{code}", name=name, kind="inspection", legal_basis=basis,
            valid_from=dt.date(2024, 1, 1),
        )
        for org, code, name, basis in (
            (zone.team, "ZF-001", "对燃气使用场所的日常监督检查", "《浙江省燃气管理条例》第四十条"),
            (zone.market, "SJ-001", "对食品销售经营者的日常监督检查", "《中华人民共和国食品安全法》第一百一十条"),
        )
    }
    gas = inspections.inspection_item_create(
        organization=zone.team, catalogue_item=catalogue[zone.team], code="ZF-01", name="燃气使用场所检查",
        matter="燃气安全", checklist="燃气报警装置", yearly_cap=2, actor=users.team_staff)
    food = inspections.inspection_item_create(
        organization=zone.market, catalogue_item=catalogue[zone.market], code="SJ-01", name="食品销售检查",
        matter="食品安全", checklist="进货查验记录", yearly_cap=2, actor=users.market_staff)
    for item in (gas, food):
        inspections.inspection_item_publish(item=item, actor=users.legal)

    entities = []
    for i in range(1, 41):
        e = MarketEntity.objects.create(
            organization=zone.gov, uscc=make_uscc(i), name=f"抽查测试企业{i:02d}", entity_type="company",
            industry_code="H62" if i % 2 else "F52", street=zone.street if i <= 20 else None,
            registered_on=dt.date(2015, 1, 1), credit_risk_class="ABCD"[(i - 1) // 10],
            no_disturbance=i in (5, 6),
        )
        entities.append(e)
    MarketEntity.objects.filter(pk=entities[6].pk).update(status="deregistered", status_changed_on=dt.date(2020, 1, 1))
    MarketEntity.objects.filter(pk=entities[7].pk).update(voided_at=timezone.now(), void_reason="重复登记")

    def certify(officer, org, number, until=dt.date(2030, 12, 31), status="valid"):
        EnforcementCertificate.objects.create(
            officer=officer, organization=org, number=number, issued_by="宁波市人民政府",
            valid_from=dt.date(2024, 1, 1), valid_until=until, status=status)

    market = [officers.market]
    for n in range(2, 9):
        o = Officer.objects.create(organization=zone.market, staff_number=f"M00{n}", name=f"市场{'一二三四五六七八'[n - 1]}号")
        until = today() - dt.timedelta(days=1) if n == 7 else dt.date(2030, 12, 31)
        certify(o, zone.market, f"3302089900{n:02d}", until=until, status="suspended" if n == 8 else "valid")
        market.append(o)
    wang2 = Officer.objects.create(organization=zone.squad, staff_number="T002", name="王二")
    certify(wang2, zone.team, "330208990101")
    return type("Drawable", (), dict(
        gas=gas, food=food, entities=entities, market_officers=market, team_officers=[officers.team, wang2],
        by_uscc={e.uscc: e for e in entities},
    ))


def prepare(zone, users, drawable, **kw):
    from fazhi.draws import services

    day = today() + dt.timedelta(days=7)
    args = dict(
        organization=zone.market, item=drawable.food, draw_date=day, window_start=day + dt.timedelta(days=1),
        window_end=day + dt.timedelta(days=30), ratios=RATIOS, per_visit=2, actor=users.market_staff,
    )
    args.update(kw)
    return services.draw_prepare(**args)


def committed(zone, users, drawable, **kw):
    from fazhi.draws import services

    draw = prepare(zone, users, drawable, **kw)
    return services.draw_commit(draw=draw, actor=kw.get("actor", users.market_staff))


def drawn(zone, users, drawable, **kw):
    from fazhi.draws import services

    draw = committed(zone, users, drawable, **kw)
    return services.draw_run(draw=draw, actor=kw.get("actor", users.market_staff))


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist()}


def nothing_written():
    from fazhi.draws.models import DrawRecusal, DrawStatusChange, DrawTarget, RandomDraw

    return (
        RandomDraw.objects.count(), DrawTarget.objects.count(), DrawRecusal.objects.count(),
        DrawStatusChange.objects.count(), AuditEntry.objects.filter(event__startswith="draw.").count(),
    )


# --- commit and reveal ---------------------------------------------------------------------------


class TestCommitAndReveal:
    def test_commitment_is_published_before_the_run_and_unchanged_after(self, zone, users, drawable):
        """The commitment and input hash are public from the commit; the seed only from the run."""
        from fazhi.draws import services

        anonymous = Client()  # a client that is not logged in
        draft = prepare(zone, users, drawable)
        assert anonymous.get(f"/draws/public/{draft.pk}/").status_code == 404
        assert draft.seed == "" and draft.seed_commitment == ""

        draw = services.draw_commit(draw=draft, actor=users.market_staff)
        assert draw.committed_at is not None and len(draw.seed) == 64
        page = anonymous.get(f"/draws/public/{draw.pk}/").content.decode()
        assert draw.seed_commitment in page and draw.input_hash in page and draw.public_input_hash in page
        assert draw.seed not in page
        api = APIClient()
        public = api.get(f"/api/draws/public/{draw.pk}/").json()
        assert public["seed_commitment"] == draw.seed_commitment and public["seed"] == ""
        staff = api_for(users.market_staff).get(f"/api/draws/{draw.pk}/").json()
        assert staff["seed"] == "" and draw.seed not in str(staff)
        commitment, input_hash, committed_at = draw.seed_commitment, draw.input_hash, draw.committed_at

        draw = services.draw_run(draw=draw, actor=users.market_staff)
        draw.refresh_from_db()
        assert (draw.seed_commitment, draw.input_hash, draw.committed_at) == (commitment, input_hash, committed_at)
        assert draw.status == "published" and draw.revealed_at >= draw.committed_at
        page = anonymous.get(f"/draws/public/{draw.pk}/").content.decode()
        assert draw.seed in page and commitment in page
        public = api.get(f"/api/draws/public/{draw.pk}/").json()
        assert public["seed"] == draw.seed and public["seed_commitment"] == commitment

    def test_a_published_commitment_is_never_replaced(self, zone, users, drawable):
        """A second commit of the same draft (a stale page, a double click) is refused; the seed stays."""
        from fazhi.draws import services

        draft = prepare(zone, users, drawable)
        first = services.draw_commit(draw=draft, actor=users.market_staff)
        seed, commitment = first.seed, first.seed_commitment
        with pytest.raises(ValidationError) as e:
            services.draw_commit(draw=draft, actor=users.market_staff)  # the stale draft object
        assert "已公布承诺" in e.value.message_dict["status"][0]
        first.refresh_from_db()
        assert (first.seed, first.seed_commitment) == (seed, commitment) == (seed, commit(seed))
        assert first.history.filter(to_status="committed").count() == 1

    def test_revealed_seed_hashes_to_the_commitment(self, zone, users, drawable):
        draw = drawn(zone, users, drawable)
        assert hashlib.sha256(draw.seed.encode("utf-8")).hexdigest() == draw.seed_commitment == commit(draw.seed)
        assert len(bytes.fromhex(draw.seed)) == 32

    def test_the_seed_is_audited_only_once_revealed(self, zone, users, drawable):
        """R9: the run's audit entry carries the seed (the draw can be replayed); the commit's never does."""
        draw = drawn(zone, users, drawable)
        committed_entry = AuditEntry.objects.get(event="draw.committed", object_id=str(draw.pk))
        assert draw.seed not in str(committed_entry.changes) + str(committed_entry.data)
        assert committed_entry.data["seed_commitment"] == draw.seed_commitment
        drawn_entry = AuditEntry.objects.get(event="draw.drawn", object_id=str(draw.pk))
        assert drawn_entry.data["seed"] == draw.seed and drawn_entry.data["input_hash"] == draw.input_hash
        assert [h.to_status for h in draw.history.all()] == ["draft", "committed", "published"]

    def test_stored_inputs_hash_to_the_published_input_hash(self, zone, users, drawable):
        """The frozen inputs still give the published hash after the registers change, and the run uses them."""
        from fazhi.draws import services
        from fazhi.enforcement.models import EnforcementCertificate
        from fazhi.entities.models import MarketEntity

        draw = committed(zone, users, drawable)
        inputs = decode(draw.inputs_blob)
        assert inputs.input_hash() == draw.input_hash
        assert inputs.input_hash(with_recusals=False) == draw.public_input_hash
        population = {r.uscc for r in inputs.population}
        # the register changes after the commitment: an entity closes, a certificate is suspended
        gone = drawable.entities[39]
        assert gone.uscc in population
        MarketEntity.objects.filter(pk=gone.pk).update(status="revoked", status_changed_on=today())
        EnforcementCertificate.objects.filter(officer=drawable.market_officers[1]).update(status="suspended")
        assert decode(draw.inputs_blob).input_hash() == draw.input_hash
        draw = services.draw_run(draw=draw, actor=users.market_staff)
        draw.refresh_from_db()
        assert decode(draw.inputs_blob).input_hash() == draw.input_hash
        assert gone.uscc in set(draw.targets.values_list("uscc", flat=True))  # class D: ratio 1

    def test_population_excludes_closed_voided_and_no_disturbance_entities(self, zone, users, drawable):
        draw = committed(zone, users, drawable)
        population = {r.uscc for r in decode(draw.inputs_blob).population}
        e = drawable.entities
        assert e[0].uscc in population
        for excluded in (e[4], e[5], e[6], e[7]):  # 无事不扰 ×2, deregistered, voided
            assert excluded.uscc not in population
        assert draw.population_count == 36

    def test_the_pool_is_the_organizations_officers_certified_on_the_draw_date(self, zone, users, drawable):
        draw = committed(zone, users, drawable)
        pool = {o.officer_id for o in decode(draw.inputs_blob).officers}
        m = drawable.market_officers
        assert pool == {str(o.pk) for o in m[:6]}  # M007 expired, M008 suspended; no team officer
        team = committed(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.team_staff)
        assert {o.officer_id for o in decode(team.inputs_blob).officers} == {str(o.pk) for o in drawable.team_officers}

    def test_filter_by_street_industry_and_class(self, zone, users, drawable):
        from fazhi.draws.inputs import PopulationFilter

        draw = committed(zone, users, drawable, population_filter=PopulationFilter(
            street_id=zone.street.pk, industry_prefix="H62", risk_classes=("A", "B")))
        usccs = {r.uscc for r in decode(draw.inputs_blob).population}
        expected = {e.uscc for i, e in enumerate(drawable.entities, start=1)
                    if i <= 20 and i % 2 and i not in (5, 7)}  # E05 无事不扰, E07 deregistered
        assert usccs == expected


# --- the public page and the download ------------------------------------------------------------


def recusal_on_a_d_entity(drawable):
    """A recusal pair that takes effect: class D is drawn whole (ratio 1)."""
    from fazhi.draws.services import RecusalSpec

    return RecusalSpec(officer=drawable.market_officers[2], entity=drawable.entities[35], reason="配偶在该企业任职")


class TestPublication:
    def test_public_page_shows_masked_names_and_never_a_recusal_pair(self, zone, users, drawable):
        recusal = recusal_on_a_d_entity(drawable)
        draw = drawn(zone, users, drawable, recusals=[recusal])
        assert draw.recusal_count == 1 and draw.recusal_effects == 1
        c = Client()
        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        target = draw.targets.first()
        assert target.name in page and target.uscc in page
        for o in drawable.market_officers[:6]:
            assert o.name not in page
        names = {o["name"] for t in draw.targets.all() for o in t.officers}
        assert names and all(mask_name(n) in page for n in names)
        assert "配偶" not in page and draw.recusal_hash in page and "不公开" in page
        files = unzip(c.get(f"/draws/public/{draw.pk}/inputs.zip").content)
        assert "recusals.csv" not in files
        pair = f"{recusal.officer.pk},{recusal.entity.uscc}"
        assert not any(pair in text for text in files.values())
        assert recusal.officer.name not in files["officers.csv"]
        public = APIClient().get(f"/api/draws/public/{draw.pk}/").json()
        assert "配偶" not in str(public) and recusal.officer.name not in str(public)
        assert public["recusal_hash"] == draw.recusal_hash

    def test_the_result_reverifies_from_the_downloaded_inputs(self, zone, users, drawable, tmp_path, monkeypatch):
        """The command line on the page, run on the download, says OK; so does the core's verify."""
        from fazhi.cli import main as fazhi
        from fazhi.cli.draw import read_draw, read_officers, read_pairs, read_population
        from fazhi.core.draw import input_hash, verify

        draw = drawn(zone, users, drawable)
        c = Client()
        files = unzip(c.get(f"/draws/public/{draw.pk}/inputs.zip").content)
        assert {"population.csv", "officers.csv", "history.csv", "draw.csv", "README.txt", "draw.json"} <= set(files)
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        command = page.split('<pre id="verify-command">')[1].split("</pre>")[0].replace("&#x27;", "'")
        assert command in files["README.txt"]
        args = shlex.split(command)
        assert args[:3] == ["fazhi", "draw", "verify"] and draw.seed in args and draw.public_input_hash in args
        monkeypatch.chdir(tmp_path)
        assert fazhi(args[1:]) == 0

        ratios = dict(draw.ratios)
        pop = read_population(tmp_path / "population.csv", sorted(ratios))
        officers = read_officers(tmp_path / "officers.csv")
        history = read_pairs(tmp_path / "history.csv", "history")
        rows, _ = read_draw(tmp_path / "draw.csv")
        kwargs = dict(draw_date=draw.draw_date, per_visit=2, history=history, organization=zone.market.name)
        assert input_hash(pop, officers, ratios, **kwargs) == draw.public_input_hash
        assert verify(rows, pop, officers, ratios, seed=draw.seed, **kwargs) is None

    def test_the_full_inputs_reverify_the_published_input_hash_with_recusals(
        self, zone, users, drawable, tmp_path, monkeypatch
    ):
        from fazhi.cli import main as fazhi

        draw = drawn(zone, users, drawable, recusals=[recusal_on_a_d_entity(drawable)])
        assert client_for(users.team_staff).get(f"/draws/{draw.pk}/full-inputs.zip").status_code == 404
        assert Client().get(f"/draws/{draw.pk}/full-inputs.zip").status_code == 302
        files = unzip(client_for(users.legal).get(f"/draws/{draw.pk}/full-inputs.zip").content)
        assert files["recusals.csv"].splitlines()[1] == f"{drawable.market_officers[2].pk},{drawable.entities[35].uscc}"
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        line = next(x for x in files["README.txt"].splitlines() if x.strip().startswith("fazhi draw verify"))
        args = shlex.split(line)
        assert "--recusals" in args and draw.input_hash in args
        monkeypatch.chdir(tmp_path)
        assert fazhi(args[1:]) == 0

    def test_the_targets_never_depend_on_the_recusals(self, zone, users, drawable):
        """Without the recusal list the public recomputes the same enterprises in the same order."""
        draw = drawn(zone, users, drawable, recusals=[recusal_on_a_d_entity(drawable)])
        inputs = decode(draw.inputs_blob)
        from fazhi.core.draw import draw as core_draw

        population, officers, kwargs = inputs._core(with_recusals=False)
        public = core_draw(population, officers, inputs.ratio_map, seed=draw.seed, **kwargs)
        assert [(t.uscc, t.risk_class) for t in public.targets] == list(
            draw.targets.order_by("position").values_list("uscc", "risk_class"))

    def test_a_draft_is_never_public(self, zone, users, drawable):
        draft = prepare(zone, users, drawable)
        anonymous = Client()
        assert anonymous.get(f"/draws/public/{draft.pk}/").status_code == 404
        assert anonymous.get(f"/draws/public/{draft.pk}/inputs.zip").status_code == 404
        assert anonymous.get(f"/api/draws/public/{draft.pk}/").status_code == 404
        assert draft.title not in anonymous.get("/draws/public/").content.decode()
        assert anonymous.get("/api/draws/public/").json()["count"] == 0


# --- inspection tasks and results ------------------------------------------------------------------


class TestTasks:
    def test_every_target_becomes_an_inspection_task(self, zone, users, drawable):
        from fazhi.inspections.models import InspectionTask

        draw = drawn(zone, users, drawable)
        targets = list(draw.targets.select_related("task"))
        assert targets and all(t.task_id for t in targets)
        tasks = InspectionTask.objects.filter(approval_reference=draw.reference)
        assert tasks.count() == len(targets) == draw.targets_count
        t = tasks.first()
        assert (t.source, t.organization_id, t.item_id, t.earliest, t.latest, t.officers_needed) == (
            "random_draw", zone.market.pk, drawable.food.pk, draw.window_start, draw.window_end, 2)
        assert AuditEntry.objects.filter(event="inspection.task_created").count() >= len(targets)

    def test_no_disturbance_entities_only_with_a_cause_that_their_tasks_carry(self, zone, users, drawable):
        from fazhi.draws.inputs import PopulationFilter

        flt = PopulationFilter(include_no_disturbance=True)
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, population_filter=flt)
        assert "无事不扰" in str(e.value.message_dict["no_disturbance_cause"])
        draw = drawn(zone, users, drawable, population_filter=flt, ratios={"A": "1", "B": "1", "C": "1", "D": "1"},
                     no_disturbance_cause="本事项为食品安全重点领域，须全覆盖检查")
        t = draw.targets.get(uscc=drawable.entities[4].uscc)
        assert t.no_disturbance and t.task.no_disturbance_cause.startswith("本事项为食品安全重点领域")
        other = draw.targets.get(uscc=drawable.entities[0].uscc)
        assert other.task.no_disturbance_cause == ""

    def test_tasks_pending_while_the_inspections_service_is_missing(self, zone, users, drawable, monkeypatch):
        from fazhi.draws import services

        monkeypatch.setattr(services, "_task_service", lambda: None)
        draw = drawn(zone, users, drawable)
        assert draw.status == "tasks_pending" and not draw.targets.filter(task__isnull=False).exists()
        assert draw.revealed_seed  # the result and the seed are public all the same
        with pytest.raises(ValidationError) as e:
            services.draw_tasks_create(draw=draw, actor=users.market_staff)
        assert "inspection_task_create" in str(e.value)
        monkeypatch.undo()
        draw = services.draw_tasks_create(draw=draw, actor=users.market_staff)
        assert draw.status == "published" and not draw.targets.filter(task__isnull=True).exists()

    def test_a_refused_task_leaves_its_rule_on_the_target(self, zone, users, drawable):
        from fazhi.draws import services
        from fazhi.entities.models import MarketEntity

        draw = committed(zone, users, drawable)
        gone = drawable.entities[39]
        MarketEntity.objects.filter(pk=gone.pk).update(status="revoked", status_changed_on=today())
        draw = services.draw_run(draw=draw, actor=users.market_staff)
        t = draw.targets.get(uscc=gone.uscc)
        assert t.task_id is None and "存续" in t.task_problem
        assert draw.targets.filter(task__isnull=False).count() == draw.targets_count - 1

    def test_recorded_results_appear_on_the_public_page(self, zone, users, drawable, monkeypatch):
        import fazhi.inspections.selectors as inspection_selectors

        draw = drawn(zone, users, drawable)
        c = Client()
        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        assert "待记录" in page
        first = draw.targets.get(position=1)

        def public_task_results(*, task_ids):
            return {first.task_id: {"status": "已完成", "outcome": "责令整改", "completed_on": draw.window_start}}

        monkeypatch.setattr(inspection_selectors, "public_task_results", public_task_results, raising=False)
        page = c.get(f"/draws/public/{draw.pk}/").content.decode()
        assert "责令整改" in page

    def test_the_next_draw_sends_nobody_back_to_the_same_enterprise(self, zone, users, drawable):
        """The previous draw's pairs are taken from the organization's last draw and respected."""
        first = drawn(zone, users, drawable)
        second = drawn(zone, users, drawable)
        assert second.previous_draw_id == first.pk and second.history_count == first.targets_count * 2
        before = {(oid, t.uscc) for t in first.targets.all() for oid in t.officer_ids.split(";")}
        after = {(oid, t.uscc) for t in second.targets.all() for oid in t.officer_ids.split(";")}
        assert not before & after
        assert set(decode(second.inputs_blob).history) == before


# --- permissions ---------------------------------------------------------------------------------------


class TestPermissions:
    def test_another_department_cannot_prepare_for_an_organization_outside_its_scope(self, zone, users, drawable):
        before = nothing_written()
        with pytest.raises(PermissionDenied):
            prepare(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.market_staff)
        r = api_for(users.market_staff).post("/api/draws/", {
            "organization": zone.team.pk, "item": drawable.gas.pk, "draw_date": str(today() + dt.timedelta(days=7)),
            "window_start": str(today() + dt.timedelta(days=8)), "window_end": str(today() + dt.timedelta(days=30)),
            "ratios": RATIOS}, format="json")
        assert r.status_code == 400 and "organization" in r.json()
        with pytest.raises(PermissionDenied):
            prepare(zone, users, drawable, actor=users.officer)
        assert client_for(users.officer).get("/draws/new/").status_code == 403
        assert nothing_written() == before

    def test_another_department_cannot_commit_or_run_a_draw_outside_its_scope(self, zone, users, drawable):
        from fazhi.draws import services

        draft = prepare(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.team_staff)
        before = nothing_written()
        with pytest.raises(PermissionDenied):
            services.draw_commit(draw=draft, actor=users.market_staff)
        assert client_for(users.market_staff).post(f"/draws/{draft.pk}/commit/").status_code == 404
        assert api_for(users.market_staff).post(f"/api/draws/{draft.pk}/commit/").status_code == 404
        draw = services.draw_commit(draw=draft, actor=users.team_staff)
        before = nothing_written()
        with pytest.raises(PermissionDenied):
            services.draw_run(draw=draw, actor=users.market_staff)
        assert api_for(users.market_staff).post(f"/api/draws/{draw.pk}/run/").status_code == 404
        assert api_for(users.stranger).post(f"/api/draws/{draw.pk}/run/").status_code == 404
        draw.refresh_from_db()
        assert draw.status == "committed" and nothing_written() == before

    def test_another_department_cannot_see_unpublished_draws(self, zone, users, drawable):
        draft = prepare(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.team_staff)
        for user in (users.market_staff, users.stranger):
            assert client_for(user).get(f"/draws/{draft.pk}/").status_code == 404
            assert draft.title not in client_for(user).get("/draws/").content.decode()
            assert api_for(user).get(f"/api/draws/{draft.pk}/").status_code == 404
            assert api_for(user).get("/api/draws/").json()["count"] == 0
        assert client_for(users.team_staff).get(f"/draws/{draft.pk}/").status_code == 200
        assert client_for(users.legal).get(f"/draws/{draft.pk}/").status_code == 200

    def test_recusals_are_shown_to_the_drawing_scope_only(self, zone, users, drawable):
        draw = drawn(zone, users, drawable, recusals=[recusal_on_a_d_entity(drawable)])
        assert "配偶" in client_for(users.market_staff).get(f"/draws/{draw.pk}/").content.decode()
        assert "配偶" in client_for(users.legal).get(f"/draws/{draw.pk}/").content.decode()
        assert client_for(users.team_staff).get(f"/draws/{draw.pk}/").status_code == 404
        assert "配偶" not in str(api_for(users.market_staff).get(f"/api/draws/{draw.pk}/").json())


# --- refusals ---------------------------------------------------------------------------------------


class TestRefusals:
    def test_a_ratio_above_one_is_refused_and_nothing_is_written(self, zone, users, drawable):
        before = nothing_written()
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, ratios={**RATIOS, "D": "1.5"})
        assert "D 类的抽查比例须在 0 到 1 之间（填写的是 1.5" in e.value.message_dict["ratios"][0]
        assert nothing_written() == before
        r = api_for(users.market_staff).post("/api/draws/", {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": str(today() + dt.timedelta(days=7)),
            "window_start": str(today() + dt.timedelta(days=8)), "window_end": str(today() + dt.timedelta(days=30)),
            "ratios": {**RATIOS, "D": "1.5"}}, format="json")
        assert r.status_code == 400 and "0 到 1 之间" in r.json()["ratios"][0]
        page = client_for(users.market_staff).post("/draws/new/", {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": today() + dt.timedelta(days=7),
            "window_start": today() + dt.timedelta(days=8), "window_end": today() + dt.timedelta(days=30),
            "ratio_A": "0.1", "ratio_B": "0.2", "ratio_C": "0.3", "ratio_D": "1.5", "per_visit": 2})
        assert page.status_code == 200 and "0 到 1 之间" in page.content.decode()
        assert nothing_written() == before

    def test_ratios_must_not_fall_as_the_risk_rises(self, zone, users, drawable):
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, ratios={"A": "0.5", "B": "0.2", "C": "0.3", "D": "1"})
        assert "第二十一条" in e.value.message_dict["ratios"][0]

    def test_an_empty_pool_is_refused(self, zone, users, drawable):
        from fazhi.enforcement.models import EnforcementCertificate

        EnforcementCertificate.objects.filter(organization=zone.market).update(status="suspended")
        before = nothing_written()
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable)
        assert "执法人员池为空" in e.value.message_dict["organization"][0]
        assert nothing_written() == before

    def test_a_date_without_a_working_day_calendar_is_refused(self, zone, users, drawable):
        before = nothing_written()
        day = dt.date(2031, 3, 3)
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, draw_date=day, window_start=day, window_end=day + dt.timedelta(days=20))
        assert "没有 2031 年的工作日历" in e.value.message_dict["draw_date"][0]
        assert nothing_written() == before

    def test_a_window_whose_publication_deadline_has_no_calendar_is_refused(self, zone, users, drawable):
        day = today() + dt.timedelta(days=7)
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, draw_date=day, window_start=day, window_end=dt.date(2031, 6, 30))
        assert "没有 2031 年的工作日历" in e.value.message_dict["window_end"][0]

    def test_a_draw_date_in_the_past_is_refused(self, zone, users, drawable):
        day = today() - dt.timedelta(days=1)
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, draw_date=day, window_start=today(), window_end=today() + dt.timedelta(days=9))
        assert "种子承诺须在抽取之前公布" in e.value.message_dict["draw_date"][0]

    def test_one_officer_per_visit_is_refused(self, zone, users, drawable):
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, per_visit=1)
        assert "第四十二条" in e.value.message_dict["per_visit"][0]

    def test_an_item_of_another_organization_is_refused(self, zone, users, drawable):
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, item=drawable.gas)
        assert "不属于" in e.value.message_dict["item"][0]

    def test_an_impossible_draw_is_refused_naming_the_target_and_the_rule(self, zone, users, drawable):
        """执法队 has two officers; one recused from a class-D enterprise leaves it one: refused, nothing written."""
        from fazhi.draws.services import RecusalSpec

        target = drawable.entities[36]
        before = nothing_written()
        with pytest.raises(ValidationError) as e:
            prepare(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.team_staff,
                    recusals=[RecusalSpec(officer=drawable.team_officers[0], entity=target, reason="亲属")])
        message = e.value.message_dict["__all__"][0]
        assert target.uscc in message and target.name in message and "回避" in message
        assert "合格的执法人员只有 1 名" in message and "每组需要 2 名" in message
        assert nothing_written() == before

    def test_an_impossible_draw_at_run_time_is_refused_and_nothing_is_written(self, zone, users, drawable, monkeypatch):
        """Should the core find a target it cannot staff, the run refuses it: no result, no seed revealed."""
        from fazhi.core.draw_snapshot import DrawInputs
        from fazhi.draws import services

        draw = committed(zone, users, drawable)
        target = drawable.entities[30]

        def impossible(self, seed):
            raise DrawImpossible(f"draw impossible: target {target.uscc}", uscc=target.uscc, risk_class="D",
                                 position=7, rule="recusal (回避)")

        monkeypatch.setattr(DrawInputs, "draw", impossible)
        before = nothing_written()
        with pytest.raises(ValidationError) as e:
            services.draw_run(draw=draw, actor=users.market_staff)
        message = e.value.message_dict["__all__"][0]
        assert target.uscc in message and "第 7 个抽中对象" in message and "回避" in message
        draw.refresh_from_db()
        assert draw.status == "committed" and draw.revealed_at is None and nothing_written() == before

    def test_tampered_frozen_inputs_are_refused(self, zone, users, drawable):
        from fazhi.core.draw_snapshot import encode
        from fazhi.draws import services
        from fazhi.draws.models import RandomDraw

        draw = committed(zone, users, drawable)
        inputs = decode(draw.inputs_blob)
        RandomDraw.objects.filter(pk=draw.pk).update(
            inputs_blob=encode(type(inputs)(**{**inputs.__dict__, "population": inputs.population[1:]})))
        draw.refresh_from_db()
        with pytest.raises(ValidationError) as e:
            services.draw_run(draw=draw, actor=users.market_staff)
        assert "输入哈希不一致" in str(e.value)

    def test_transitions_outside_the_table_are_refused_naming_the_rule(self, zone, users, drawable):
        from fazhi.draws import services

        draft = prepare(zone, users, drawable)
        with pytest.raises(ValidationError) as e:
            services.draw_run(draw=draft, actor=users.market_staff)
        assert "不允许在“草稿（未公开）”状态下执行“抽取并公示”" in e.value.message_dict["status"][0]


# --- cancelling -------------------------------------------------------------------------------------


class TestCancel:
    def test_cancelling_a_committed_draw_reveals_its_seed(self, zone, users, drawable):
        from fazhi.draws import services

        draw = committed(zone, users, drawable)
        with pytest.raises(ValidationError):
            services.draw_cancel(draw=draw, actor=users.market_staff, reason=" ")
        draw = services.draw_cancel(draw=draw, actor=users.market_staff, reason="检查事项调整")
        assert draw.status == "cancelled" and draw.revealed_seed == draw.seed and draw.void_reason == "检查事项调整"
        page = Client().get(f"/draws/public/{draw.pk}/").content.decode()
        assert draw.seed in page and "检查事项调整" in page and "fazhi draw run" in page
        assert not draw.targets.exists()

    def test_a_cancelled_draft_stays_unpublished(self, zone, users, drawable):
        from fazhi.draws import services

        draft = services.draw_cancel(draw=prepare(zone, users, drawable), actor=users.market_staff, reason="重新准备")
        assert draft.status == "cancelled" and draft.seed == ""
        assert Client().get(f"/draws/public/{draft.pk}/").status_code == 404


# --- pages and API -----------------------------------------------------------------------------------


class TestPagesAndApi:
    def test_prepare_preview_commit_and_run_through_the_pages(self, zone, users, drawable):
        from fazhi.draws.models import RandomDraw

        c = client_for(users.market_staff)
        day = today() + dt.timedelta(days=7)
        form = {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": day,
            "window_start": day + dt.timedelta(days=1), "window_end": day + dt.timedelta(days=30),
            "ratio_A": "0.1", "ratio_B": "0.2", "ratio_C": "0.3", "ratio_D": "1", "per_visit": 2,
            "recusals": f"{drawable.market_officers[2].staff_number},{drawable.entities[35].uscc},配偶在该企业任职",
        }
        preview = c.post("/draws/new/", {**form, "preview": "1"})
        assert preview.status_code == 200 and "预览" in preview.content.decode()
        assert RandomDraw.objects.count() == 0
        r = c.post("/draws/new/", form)
        draw = RandomDraw.objects.get()
        assert r.status_code == 302 and r.url == f"/draws/{draw.pk}/"
        assert draw.recusals.get().reason == "配偶在该企业任职"
        assert c.post(f"/draws/{draw.pk}/commit/").status_code == 302
        assert c.post(f"/draws/{draw.pk}/run/").status_code == 302
        draw.refresh_from_db()
        assert draw.status == "published" and draw.targets_count == draw.targets.count() > 0
        page = c.get(f"/draws/{draw.pk}/").content.decode()
        assert draw.reference in page and draw.seed in page
        assert draw.reference in c.get("/draws/").content.decode()
        assert draw.reference in Client().get("/draws/public/").content.decode()

    def test_a_recusal_naming_an_entity_not_in_the_register_is_refused_by_row(self, zone, users, drawable):
        from fazhi.draws.models import RandomDraw

        c = client_for(users.market_staff)
        day = today() + dt.timedelta(days=7)
        entity = drawable.entities[35]
        entity.voided_at = timezone.now()  # a voided register entry counts as absent
        entity.save(update_fields=["voided_at"])
        form = {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": day,
            "window_start": day + dt.timedelta(days=1), "window_end": day + dt.timedelta(days=30),
            "ratio_A": "0.1", "ratio_B": "0.2", "ratio_C": "0.3", "ratio_D": "1", "per_visit": 2,
            "recusals": f"{drawable.market_officers[2].staff_number},{entity.uscc.lower()},配偶在该企业任职",
        }
        page = c.post("/draws/new/", form)
        assert page.status_code == 200
        assert f"第 1 行：经营主体名录中没有统一社会信用代码 {entity.uscc.lower()}" in page.content.decode()
        assert RandomDraw.objects.count() == 0

    def test_the_api_refuses_a_recusal_naming_a_voided_entity_as_the_form_does(self, zone, users, drawable):
        from fazhi.draws.models import RandomDraw

        entity = drawable.entities[35]
        entity.voided_at = timezone.now()
        entity.save(update_fields=["voided_at"])
        day = today() + dt.timedelta(days=7)
        r = api_for(users.market_staff).post("/api/draws/", {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": str(day),
            "window_start": str(day + dt.timedelta(days=1)), "window_end": str(day + dt.timedelta(days=30)),
            "ratios": RATIOS, "recusals": [{"officer": drawable.market_officers[2].pk,
                                             "uscc": entity.uscc.lower(), "reason": "亲属"}]}, format="json")
        assert r.status_code == 400 and entity.uscc.lower() in r.json()["recusals"][0]
        assert RandomDraw.objects.count() == 0

    def test_the_api_prepares_commits_runs_and_publishes(self, zone, users, drawable):
        api = api_for(users.market_staff)
        day = today() + dt.timedelta(days=7)
        r = api.post("/api/draws/", {
            "organization": zone.market.pk, "item": drawable.food.pk, "draw_date": str(day),
            "window_start": str(day + dt.timedelta(days=1)), "window_end": str(day + dt.timedelta(days=30)),
            "ratios": RATIOS, "recusals": [{"officer": drawable.market_officers[2].pk,
                                             "uscc": drawable.entities[35].uscc, "reason": "亲属"}]}, format="json")
        assert r.status_code == 201, r.json()
        pk = r.json()["id"]
        assert api.post(f"/api/draws/{pk}/commit/").json()["status"] == "committed"
        run = api.post(f"/api/draws/{pk}/run/").json()
        assert run["status"] == "published" and run["seed"]
        targets = api.get(f"/api/draws/{pk}/targets/").json()
        assert len(targets) == run["targets_count"] and targets[0]["task"]
        anonymous = APIClient()
        listing = anonymous.get("/api/draws/public/").json()
        assert listing["count"] == 1 and listing["results"][0]["seed"] == run["seed"]
        public = anonymous.get(f"/api/draws/public/{pk}/").json()
        assert len(public["targets"]) == run["targets_count"] and public["verify_command"].startswith("fazhi draw verify")
        assert anonymous.get(f"/api/draws/public/{pk}/inputs/")["Content-Type"] == "application/zip"
        assert api.get(f"/api/draws/{pk}/full-inputs/")["Content-Type"] == "application/zip"
        assert api_for(users.team_staff).get(f"/api/draws/{pk}/full-inputs/").status_code == 404

    def test_xlsx_exports_hold_what_the_user_may_see(self, zone, users, drawable):
        from openpyxl import load_workbook

        market = drawn(zone, users, drawable, recusals=[recusal_on_a_d_entity(drawable)])
        team = prepare(zone, users, drawable, organization=zone.team, item=drawable.gas, actor=users.team_staff)

        def sheet(response):
            ws = load_workbook(io.BytesIO(response.content)).active
            return [list(r) for r in ws.iter_rows(values_only=True)]

        rows = sheet(client_for(users.market_staff).get("/draws/?export=1"))
        assert [r[0] for r in rows[1:]] == [market.reference]
        assert team.title not in str(rows)
        targets = sheet(client_for(users.market_staff).get(f"/draws/{market.pk}/targets.xlsx"))
        assert len(targets) == market.targets_count + 1 and "配偶" not in str(targets)
        assert client_for(users.team_staff).get(f"/draws/{market.pk}/targets.xlsx").status_code == 404
