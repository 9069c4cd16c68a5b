import pytest

from tests.factories import ElectionFactory, ReportFactory, ResolutionFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_system_administrator_opens_a_session_in_the_admin(page, screenshot):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    session = SessionFactory(ordinal=3, term__township__name="城关镇")
    ReportFactory(session=session)
    ResolutionFactory(session=session)
    ElectionFactory(session=session)

    page.goto(f"{page.base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pass-word-123")
    page.click("[type=submit]")
    page.wait_for_url(f"{page.base_url}/admin/")
    assert page.locator("#site-name").inner_text().strip() == "乡镇人大工作记录：系统管理"
    screenshot("admin")

    page.goto(f"{page.base_url}/admin/congress_sessions/session/{session.pk}/change/")
    assert page.locator("h2", has_text="城关镇第十八届人民代表大会第三次会议").count() == 1
    # The session's record is on its page: reports, resolutions, elections below the form.
    for heading in ("报告", "决议、决定", "选举"):
        assert page.locator(".inline-group h2", has_text=heading).count() >= 1, heading
