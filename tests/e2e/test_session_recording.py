"""A township's staff record a whole session in a real browser, from the paper record: the
session, its agenda (reordered in place), two reports, a resolution with its vote, an election
with candidates and a document; then they open the session dossier and print it to PDF."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from congress.models import Role
from sessions.models import Session
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import CountyFactory, DeputyFactory, TermFactory, TownshipFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, selector="form.formset-page button[type=submit]"):
    with page.expect_navigation():
        page.click(selector)


def test_township_staff_record_a_whole_session_and_open_its_dossier(page, login, screenshot, tmp_path):
    county = CountyFactory(name="临安区", city_name="杭州市", province_name="浙江省")
    township = TownshipFactory(county=county, name="城关镇")
    term = TermFactory(township=township)
    DeputyFactory.create_batch(45, term=term)
    make_user(Role.TOWNSHIP_STAFF, county, [township], username="staff")
    login("staff", "pass-word-123")
    base = page.base_url

    # The list, then the form.
    page.goto(base + reverse("sessions:session_list", args=[township.pk]))
    page.click(f"a[href='{reverse('sessions:session_create', args=[township.pk])}']")
    page.fill("#id_announced_on", "2024/2/20")
    page.fill("#id_opens_on", "2024年3月5日")
    page.fill("#id_opens_time", "08:30")
    page.fill("#id_closes_on", "2024-03-05")
    page.fill("#id_closes_time", "17:30")
    page.fill("#id_venue", "镇政府大会议室")
    page.select_option("#id_status", "held")  # the form proposes a planned session
    page.locator("#id_opens_on").dispatch_event("change")
    # htmx asks the roster for N on the chosen day.
    expect(page.locator("#roster-hint")).to_contain_text("45")

    # An impossible entry: more present than deputies in office — refused next to the field.
    page.fill("#id_present", "46")
    page.fill("#id_excused", "0")
    with page.expect_navigation():
        page.click("form.session-form button[type=submit]")
    error = page.locator("#id_present ~ .invalid-feedback, #error_1_id_present").first
    assert "实到" in error.inner_text()
    assert not Session.objects.exists()
    screenshot("session_form")

    page.fill("#id_present", "40")
    page.fill("#id_excused", "3")
    with page.expect_navigation():
        page.click("form.session-form button[type=submit]")
    session = Session.objects.get()
    assert session.deputies_in_office == 45
    assert page.locator("h1").inner_text() == session.full_name

    # The agenda, in place (htmx): three items, the last moved up.
    for title, kind in (
        ("听取和审议政府工作报告", "report"),
        ("审查和批准财政预算", "budget"),
        ("选举镇长", "election"),
    ):
        page.fill("#id_agenda-title", title)
        page.select_option("#id_agenda-kind", kind)
        count = page.locator(".agenda-item").count()
        page.click("form.agenda-add button[type=submit]")
        expect(page.locator(".agenda-item")).to_have_count(count + 1)
    page.locator(".agenda-item").nth(2).locator("button[aria-label]").first.click()
    expect(page.locator(".agenda-title").nth(1)).to_contain_text("选举镇长")
    assert list(session.agenda_items.values_list("title", flat=True)) == [
        "听取和审议政府工作报告",
        "选举镇长",
        "审查和批准财政预算",
    ]

    # Two reports on one page.
    page.click(f"a[href='{reverse('sessions:session_reports', args=[township.pk, session.pk])}']")
    page.select_option("#id_reports-0-kind", "government_work")
    page.fill("#id_reports-0-title", "政府工作报告")
    page.fill("#id_reports-0-presenter", "王镇长")
    page.select_option("#id_reports-1-kind", "budget")
    page.fill("#id_reports-1-title", "2024年财政预算报告")
    page.fill("#id_reports-1-fiscal_year", "2024")
    submit(page)
    assert session.reports.count() == 2

    # A resolution and its vote; those present at the vote are prefilled.
    page.click(f"a[href='{reverse('sessions:session_resolutions', args=[township.pk, session.pk])}']")
    assert page.input_value("#id_resolutions-0-present_at_vote") == "40"
    page.fill("#id_resolutions-0-title", "关于2024年财政预算的决议")
    page.fill("#id_resolutions-0-votes_for", "38")
    page.fill("#id_resolutions-0-votes_against", "1")
    page.fill("#id_resolutions-0-votes_abstain", "1")
    submit(page)
    resolution = session.resolutions.get()
    assert (resolution.present_at_vote, resolution.votes_for, resolution.adopted) == (40, 38, True)

    # An election with its candidates.
    page.click(f"a[href='{reverse('sessions:election_create', args=[township.pk, session.pk])}']")
    page.select_option("#id_election-office", "head")
    page.select_option("#id_election-kind", "competitive")
    page.fill("#id_election-ballots_cast", "40")
    page.fill("#id_candidates-0-name", "张三")
    page.fill("#id_candidates-0-votes", "30")
    page.check("#id_candidates-0-elected")
    page.fill("#id_candidates-1-name", "李四")
    page.fill("#id_candidates-1-votes", "10")
    submit(page)
    election = session.elections.get()
    assert list(election.candidates.values_list("name", "votes", "elected")) == [
        ("张三", 30, True),
        ("李四", 10, False),
    ]

    # A document, checked by its content.
    page.set_input_files(
        "#id_file",
        files=[{"name": "政府工作报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    page.select_option("#id_report", label="政府工作报告")
    with page.expect_navigation():
        page.click("#documents form[enctype] button[type=submit]")
    assert session.documents.get().report.title == "政府工作报告"
    page.goto(base + reverse("sessions:session_detail", args=[township.pk, session.pk]))
    screenshot("session_detail")

    # The dossier, on screen and printed to A4 by Chromium.
    page.click(f"a[href='{reverse('sessions:session_dossier', args=[township.pk, session.pk])}']")
    dossier = page.locator("article.dossier")
    for text in (session.full_name, "选举镇长", "2024年财政预算报告", "关于2024年财政预算的决议", "张三"):
        assert text in dossier.inner_text()
    assert page.locator("nav.navbar").count() == 0
    screenshot("dossier")
    pdf = tmp_path / "dossier.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(SCREENSHOTS / "dossier_pdf_page1"),
            ],
            check=True,
        )
