"""The site on a phone (390×844, issue 9 item 9): no page scrolls sideways, for any role; the
county matrix shows the current year first. Wide tables may scroll inside their own container
(`.table-responsive`) — the page itself must not.

The pages are the access matrix's (tests/access_cases/): every GET case a role may open (200),
so a new page joins this test as soon as it joins the matrix. Downloads (exports, documents,
PDFs) are not pages and are left out by their content type.

Also saves docs/screenshots/phone-*.png and desktop-*.png of the pages a phone reader uses most.
"""

import datetime
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from congress.models import Role
from tests.access_cases import ROLES, World
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_user
from tests.oversight._dashboard_data import lawful_year, replied_suggestion
from tests.test_access_matrix import all_cases, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's

OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"
# The outermost elements reaching past the right edge outside any scrolling container: the
# culprits, named in the failure message.
CULPRITS = """() => {
  const width = window.innerWidth;
  const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
  const past = (el) => el.getBoundingClientRect().right > width + 0.5;
  const names = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!past(el) || (el.parentElement !== document.body && past(el.parentElement))) continue;
    let inner = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) inner ||= scrolls(up);
    if (!inner) names.push(el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").trim().split(/\\s+/).join(".") : ""));
  }
  return names.slice(0, 5);
}"""


def page_urls(world: World, role: str) -> list[str]:
    """Every page (GET, not an htmx fragment) the role may open, once each."""
    urls = []
    for case in all_cases():
        if case.method == "get" and not case.htmx and case.expected[role] == 200:
            url = reverse(case.url_name, kwargs=case.kwargs(world)) + case.query
            if url not in urls:
                urls.append(url)
    return urls


def open_as(browser, base_url: str, username: str | None, viewport: dict):
    """A browser context at `viewport`, logged in through the login form unless anonymous."""
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if username:
        page.goto(f"{base_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
    return context, page


def test_no_page_scrolls_sideways_on_a_phone_for_any_role(browser, live_server):
    world = build_world()
    # Two years of a township's record, so that lists and tables have rows to be wide with.
    for year in (2024, 2025):
        lawful_year(world.t1, year, term=world.term)
        replied_suggestion(world.t1, year, on_time=year == 2024)
    overflowing = []
    visited = 0
    for role in ROLES:
        user = world.users[role]
        context, page = open_as(browser, live_server.url, user.username if user else None, PHONE)
        for path in page_urls(world, role):
            url = urljoin(live_server.url, path)
            # Read the content type first: a download is not a page (and would abort goto).
            if not context.request.get(url).headers.get("content-type", "").startswith("text/html"):
                continue
            response = page.goto(url)
            assert response.status == 200, f"{role} {path}: {response.status}"
            page.wait_for_load_state("networkidle")  # htmx fragments loaded into the page
            scroll_width, inner_width = page.evaluate(OVERFLOW)
            visited += 1
            if scroll_width > inner_width:
                culprits = ", ".join(page.evaluate(CULPRITS))
                overflowing.append(f"{role} {path}: {scroll_width}px > {inner_width}px ({culprits})")
        context.close()
    assert visited >= 40, f"only {visited} pages visited: is the access matrix read?"
    assert not overflowing, "pages wider than a 390px phone:\n" + "\n".join(overflowing)


def test_the_county_matrix_shows_the_current_year_first_on_a_phone(browser, live_server):
    world = build_world()
    context, page = open_as(browser, live_server.url, world.users["county_staff"].username, PHONE)
    page.goto(f"{live_server.url}{reverse('oversight:dashboard')}")
    this_year = str(datetime.date.today().year)
    header = page.locator("table.matrix thead th.year-col", has_text=this_year)
    box = header.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.locator("table.matrix thead th.year-col").first.inner_text().strip() == this_year
    context.close()


def test_screenshots_at_phone_and_desktop_width(browser, live_server):
    """The pages a reader opens most, as they look at 390px and at desktop width; LOOK at them."""
    from tests.e2e.test_dashboard import build_county

    county = build_county()
    make_user(Role.COUNTY_STAFF, county, username="county")
    township = county.townships.get(name="石门乡")
    staff = make_user(Role.TOWNSHIP_STAFF, county, [township], username="shimen")
    session = township.sessions.filter(opens_at__year=2025).order_by("opens_at").last()
    year = datetime.date.today().year
    pages = {
        "dashboard": ("county", reverse("oversight:dashboard")),
        "township_year": ("county", reverse("oversight:township_year", args=[township.pk, 2025])),
        "year_report": ("county", reverse("oversight:year_report", args=[county.code, year - 1])),
        "sessions": (staff.username, reverse("sessions:session_list", args=[township.pk])),
        "dossier": (
            staff.username,
            reverse(
                "sessions:session_dossier", kwargs={"township_pk": township.pk, "session_pk": session.pk}
            ),
        ),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for prefix, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        contexts = {}
        for name, (username, path) in pages.items():
            if username not in contexts:
                contexts[username] = open_as(browser, live_server.url, username, viewport)
            _, page = contexts[username]
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(SCREENSHOTS / f"{prefix}-{name}.png"), full_page=True)
            if prefix == "phone":
                scroll_width, inner_width = page.evaluate(OVERFLOW)
                assert scroll_width <= inner_width, (
                    f"{name}: {scroll_width}px > {inner_width}px ({', '.join(page.evaluate(CULPRITS))})"
                )
        for context, _ in contexts.values():
            context.close()
