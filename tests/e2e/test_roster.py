"""In a real browser: township staff add a deputy and change a deputy's status; screenshots of
the home page and the roster."""

import datetime

import pytest
from django.utils import timezone

from congress import services
from congress.models import Deputy, DeputyStatus, PresidiumRole, Role
from sessions.models import ActivityKind, ReportKind, SessionStatus
from tests.factories import (
    DeputyActivityFactory,
    PresidiumMeetingFactory,
    ReportFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = [
    "王建国",
    "李秀英",
    "张伟",
    "刘芳",
    "陈志强",
    "杨丽",
    "赵国华",
    "黄小明",
    "周敏",
    "吴海燕",
    "徐立新",
    "孙红梅",
    "马晓东",
    "朱玉兰",
    "胡春生",
    "郭静",
    "何文斌",
    "林秀珍",
    "罗德明",
    "高翠萍",
]


def a_township_with_its_record():
    year = timezone.localdate().year
    township = TownshipFactory(name="城关镇", county__name="清河县")
    term = TermFactory(
        township=township, ordinal=18, elected_on=None, starts_on=datetime.date(2021, 12, 28), seat_quota=24
    )
    staff = make_user(Role.TOWNSHIP_STAFF, township.county, [township], username="staff", first_name="文书")
    for n, name in enumerate(NAMES):
        services.deputy_create(
            term=term,
            name=name,
            gender="female" if n % 3 == 1 else "male",
            ethnicity="回族" if n % 7 == 3 else "汉族",
            occupation_group=["farmer", "cadre", "worker", "professional", "business"][n % 5],
            constituency=f"第{'一二三四五六'[n % 6]}选区",
            took_office_on=term.starts_on,
            acting_user=staff,
        )
    deputies = list(Deputy.objects.filter(term=term).order_by("pk"))
    services.presidium_member_create(
        term=term, deputy=deputies[0], role=PresidiumRole.CHAIR, since=term.starts_on, acting_user=None
    )
    services.presidium_member_create(
        term=term, deputy=deputies[1], role=PresidiumRole.VICE_CHAIR, since=term.starts_on, acting_user=None
    )
    services.presidium_member_create(
        term=term, deputy=deputies[4], role=PresidiumRole.MEMBER, since=term.starts_on, acting_user=None
    )
    services.deputy_status_change(
        deputy=deputies[9],
        status=DeputyStatus.MOVED_AWAY,
        effective_on=datetime.date(year, 4, 12),
        acting_user=staff,
    )
    spring = SessionFactory(
        term=term, ordinal=7, opens_at=aware(year, 3, 6, 8, 30), deputies_in_office=20, present=18, excused=2
    )
    ReportFactory(session=spring, kind=ReportKind.GOVERNMENT_WORK)
    ReportFactory(session=spring, kind=ReportKind.BUDGET, title=f"{year}年财政预算报告")
    SessionFactory(
        term=term,
        ordinal=8,
        status=SessionStatus.PLANNED,
        present=None,
        excused=0,
        announced_on=None,
        deputies_in_office=19,
        opens_at=aware(year, 12, 18, 9, 0),
        closes_at=aware(year, 12, 18, 17, 0),
    )
    PresidiumMeetingFactory(township=township, held_on=datetime.date(year, 2, 20))
    DeputyActivityFactory(township=township, held_on=datetime.date(year, 6, 12), kind=ActivityKind.INSPECTION)
    return township, term, staff


def test_township_staff_add_a_deputy_and_change_a_status(page, login, screenshot):
    township, term, _staff = a_township_with_its_record()
    login("staff", "pass-word-123")
    assert page.locator("h1").first.inner_text().strip() == "城关镇"
    screenshot("home")

    # To the roster through the workspace's navigation.
    page.click(".township-nav a[href$='/terms/']")
    page.click(f"a[href$='/terms/{term.pk}/']")
    in_office = page.locator("[data-testid=in-office] .display-6")
    assert in_office.inner_text() == "19"

    # Add a deputy.
    page.click(f"a[href$='/terms/{term.pk}/deputies/new/']")
    page.fill("#id_name", "新代表")
    page.select_option("#id_gender", "female")
    page.select_option("#id_ethnicity", "壮族")
    page.select_option("#id_occupation_group", "farmer")
    page.fill("#id_constituency", "第二选区")
    page.fill("#id_took_office_on", "2023-06-01")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    assert "新代表" in page.locator(".roster-table").inner_text()
    assert in_office.inner_text() == "20"

    # Change a deputy's status: the deputy stays on the roster, struck out.
    page.click("a.deputy-name:text('张伟')")
    page.click("a[href$='/status/']")
    page.select_option("#id_status", "resigned")
    page.fill("#id_effective_on", timezone.localdate().isoformat())
    page.fill("#id_note", "本人申请辞去代表职务，主席团会议接受")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "本人申请辞去代表职务" in page.locator(".status-timeline").inner_text()

    page.click(f".breadcrumb a[href$='/terms/{term.pk}/']")
    assert in_office.inner_text() == "19"
    struck = page.locator("tr.roster-out", has_text="张伟")
    assert struck.count() == 1
    assert (
        struck.locator(".deputy-name").evaluate("e => getComputedStyle(e).textDecorationLine")
        == "line-through"
    )
    screenshot("roster")

    # An impossible status change is refused next to its field.
    page.click("a.deputy-name:text('王建国')")
    page.click("a[href$='/status/']")
    page.fill("#id_effective_on", "2020-01-01")
    page.click("button[type=submit].btn-primary")
    assert page.locator("#id_effective_on.is-invalid").count() == 1
    assert Deputy.objects.get(name="王建国").status == DeputyStatus.IN_OFFICE

    # On a phone: nothing wider than the screen; the table scrolls in its own box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/townships/{township.pk}/terms/{term.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("roster_phone")
