"""Between sessions in a real browser: record an activity and a suggestion, reply to the
suggestion late, and see it marked — on the suggestion, in the list and as a flag on the
township's year."""

import datetime

import pytest
from django.utils import timezone

from congress.models import PresidiumRole, Role
from congress.profiles import profile_for, reply_due_on
from sessions import services_recess as services
from sessions.models import AttendanceStatus, DeputyActivity, Suggestion
from tests.factories import (
    DeputyFactory,
    PresidiumMemberFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]


def _dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """An assignment whose due day is past, in this year when the calendar allows."""
    target_due = today - datetime.timedelta(days=min(20, today.timetuple().tm_yday - 1) or 1)
    assigned = target_due - datetime.timedelta(days=92)
    return assigned - datetime.timedelta(days=5), assigned


def _earlier_record(township, deputies, today):
    """What the township recorded before: a few activities, meetings and suggestions, so the
    pages look as they do in use."""
    day = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=300))
    step = max(1, (today - day).days // 6)
    for i, (kind, topic) in enumerate(
        [
            ("research", "专题调研农村集体经济发展"),
            ("specific_issue_hearing", "听取镇政府关于安全生产工作的专项报告"),
            ("training", "代表履职学习培训"),
            ("voter_contact", "代表联系选民活动"),
        ]
    ):
        services.deputy_activity_create(
            township=township,
            held_on=day + datetime.timedelta(days=i * step),
            kind=kind,
            topic=topic,
            participants=deputies[i : i + 5],
            findings="形成调研报告一份。" if kind == "research" else "",
            government_feedback="已纳入镇政府年度工作计划。" if kind == "research" else "",
            feedback_on=day + datetime.timedelta(days=20) if kind == "research" else None,
            acting_user=None,
        )
    for i in range(3):
        services.presidium_meeting_create(
            township=township,
            held_on=day + datetime.timedelta(days=i * step * 2 + 1),
            topics=["研究代表活动计划", "研究代表建议交办", "研究下次会议筹备"][i],
            members_present=deputies[:3],
            acting_user=None,
        )
    solved = services.suggestion_create(
        township=township,
        submitted_on=day,
        lead_deputy=deputies[2],
        co_signers=deputies[3:5],
        title="关于增设村级卫生室的建议",
        category="医疗卫生",
        handling_unit="镇卫生院",
        assigned_on=day + datetime.timedelta(days=3),
        acting_user=None,
    )
    services.suggestion_reply_record(
        suggestion=solved, replied_on=day + datetime.timedelta(days=40), outcome="solved", acting_user=None
    )
    services.suggestion_satisfaction_record(suggestion=solved, satisfaction="satisfied", acting_user=None)
    services.suggestion_create(
        township=township,
        submitted_on=today - datetime.timedelta(days=80),
        lead_deputy=deputies[5],
        co_signers=[deputies[2]],
        title="关于整治集镇占道经营的建议",
        category="城镇管理",
        handling_unit="镇综合行政执法队",
        assigned_on=today - datetime.timedelta(days=80),
        acting_user=None,
    )
    services.suggestion_create(
        township=township,
        submitted_on=today - datetime.timedelta(days=130),
        lead_deputy=deputies[3],
        title="关于解决村民安全饮水问题的建议",
        category="农业农村",
        handling_unit="镇农业农村办",
        assigned_on=today - datetime.timedelta(days=125),
        acting_user=None,
    )
    services.suggestion_create(
        township=township,
        submitted_on=today - datetime.timedelta(days=2),
        lead_deputy=deputies[6],
        title="关于在中心小学门口设置减速带的建议",
        category="交通建设",
        acting_user=None,
    )


def test_record_an_activity_and_a_suggestion_reply_late_and_see_the_flag(page, login, screenshot):
    today = timezone.localdate()
    township = TownshipFactory(name="城关镇")
    term = TermFactory(township=township, starts_on=datetime.date(today.year - 2, 1, 6), elected_on=None)
    deputies = [DeputyFactory(term=term, name=name) for name in NAMES]
    PresidiumMemberFactory(term=term, deputy=deputies[0], role=PresidiumRole.CHAIR)
    session = SessionFactory(
        term=term,
        ordinal=3,
        opens_at=aware(today.year - 1, 3, 5, 8, 30),
        deputies_in_office=8,
        present=7,
        excused=1,
    )
    marks = {d.pk: AttendanceStatus.PRESENT for d in deputies}
    marks[deputies[2].pk] = AttendanceStatus.ABSENT
    services.session_attendance_record(session=session, statuses=marks, acting_user=None)
    later = SessionFactory(
        term=term,
        ordinal=4,
        opens_at=aware(today.year - 1, 8, 20, 8, 30),
        deputies_in_office=8,
        present=7,
        excused=0,
    )
    services.session_attendance_record(session=later, statuses=marks, acting_user=None)
    _earlier_record(township, deputies, today)
    make_user(Role.TOWNSHIP_STAFF, township.county, [township], username="staff")
    login("staff", "pass-word-123")
    base = f"{page.base_url}/townships/{township.pk}"

    # An inspection with three deputies.
    page.goto(f"{base}/activities/new/")
    held_on = today - datetime.timedelta(days=3)
    page.fill("#id_held_on", held_on.isoformat())
    page.locator("#id_held_on").dispatch_event("change")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_kind", "inspection")
    page.fill("#id_topic", "视察农村饮水安全工程")
    for name in NAMES[:3]:
        page.locator("label", has_text=name).first.click()
    page.fill("#id_findings", "部分村组管网老化，水压不足。")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == "视察农村饮水安全工程"
    activity = DeputyActivity.objects.get(topic="视察农村饮水安全工程")
    assert sorted(d.name for d in activity.participants.all()) == sorted(NAMES[:3])
    page.goto(f"{base}/activities/?year={today.year}")
    screenshot("activities")

    # A suggestion assigned long ago: its reply is now overdue.
    submitted_on, assigned_on = _dates(today)
    page.goto(f"{base}/suggestions/new/")
    page.fill("#id_submitted_on", submitted_on.isoformat())
    page.locator("#id_submitted_on").dispatch_event("change")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_lead_deputy", label=NAMES[1])
    page.locator("label", has_text=NAMES[4]).first.click()
    page.fill("#id_title", "关于加快农村公路养护的建议")
    page.fill("#id_content", "建议加大农村公路日常养护投入，落实管养责任。")
    page.fill("#id_category", "交通建设")
    page.fill("#id_handling_unit", "镇交通运输办")
    page.fill("#id_assigned_on", assigned_on.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    suggestion = Suggestion.objects.get(title="关于加快农村公路养护的建议")
    due = reply_due_on(assigned_on, is_complex=False, profile=profile_for(township.county.rule_profile))
    assert suggestion.due_on == due
    assert page.locator("[data-state=overdue]").count() >= 1

    # The reply comes today: late.
    page.click("[data-action=reply]")
    page.fill("#id_replied_on", today.isoformat())
    page.locator("input[name=outcome][value=in_progress]").check()
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-state=replied_late]").count() == 1
    screenshot("suggestion_detail")
    page.goto(f"{base}/suggestions/")
    assert page.locator("tbody [data-state=replied_late]").count() == 1
    screenshot("suggestions")

    # The flag on the township's year (the rule engine reads what the pages recorded).
    if due.year == today.year:
        page.goto(f"{page.base_url}/county/townships/{township.pk}/{today.year}/")
        flags = page.locator(".flag-list").first.inner_text()
        # The rule by its Chinese title; its code is for the exports and the API only.
        assert "代表建议逾期答复" in flags and "关于加快农村公路养护的建议" in flags
        assert "suggestion-reply-overdue" not in flags

    # The deputy absent twice without leave is flagged on the deputy's record.
    page.goto(f"{base}/deputies/{deputies[2].pk}/record/")
    assert page.locator("[data-flag=absences]").count() == 1
    screenshot("deputy_record")
