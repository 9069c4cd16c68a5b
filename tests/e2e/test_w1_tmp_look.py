import pytest
from django.urls import reverse

from congress.models import Role
from tests.factories import AgendaItemFactory, CandidateFactory, DeputyFactory, ElectionFactory, ReportFactory, ResolutionFactory, SessionFactory, TermFactory, TownshipFactory, aware, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_look(page, login):
    township = TownshipFactory(name="城关镇")
    term = TermFactory(township=township)
    DeputyFactory.create_batch(45, term=term)
    for n in range(4):
        s = SessionFactory(term=term, ordinal=n + 1, opens_at=aware(2022 + n // 2, 3 + 6 * (n % 2), 5, 8, 30), present=40 - 12 * (n == 2))
        AgendaItemFactory(session=s)
        ReportFactory(session=s)
        ResolutionFactory(session=s, votes_for=22 if n == 1 else 28)
        e = ElectionFactory(session=s)
        CandidateFactory(election=e, name="张三")
    make_user(Role.TOWNSHIP_STAFF, township.county, [township], username="staff")
    login("staff", "pass-word-123")
    b = page.base_url
    page.goto(b + reverse("sessions:session_list", args=[township.pk]))
    page.screenshot(path="/tmp/w1_list.png", full_page=True)
    page.goto(b + reverse("sessions:session_resolutions", args=[township.pk, s.pk]))
    page.screenshot(path="/tmp/w1_resolutions.png", full_page=True)
    page.goto(b + reverse("sessions:election_edit", args=[township.pk, s.pk, e.pk]))
    page.fill("#id_candidates-0-votes", "99")
    with page.expect_navigation():
        page.click("form.formset-page button[type=submit]")
    page.screenshot(path="/tmp/w1_election.png", full_page=True)
    page.goto(b + reverse("sessions:session_reports", args=[township.pk, s.pk]))
    page.screenshot(path="/tmp/w1_reports.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    s2 = township.sessions.get(ordinal=2)
    page.goto(b + reverse("sessions:session_detail", args=[township.pk, s2.pk]))
    page.screenshot(path="/tmp/w1_phone_detail.png", full_page=True)
    page.goto(b + reverse("sessions:session_list", args=[township.pk]))
    page.screenshot(path="/tmp/w1_phone_list.png", full_page=True)
