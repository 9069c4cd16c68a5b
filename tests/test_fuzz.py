"""Bad input is refused, never a 500 (issue 11, finding 8).

First the values a probe of the running app found answered with a 500, each on its URL; then a
property test (hypothesis) that sends arbitrary values in every query parameter and every form
field of every URL of the access matrix, as a user who may read it (GET) or write it (POST).
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access_cases import ANONYMOUS, COUNTY_ADMIN, COUNTY_STAFF, OWN, Case
from tests.test_access_matrix import all_cases, complete_world

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


def _get(client: Client, path: str, **params):
    client.raise_request_exception = False
    return client.get(path, params, headers={"Accept-Language": "zh-hans"})


@pytest.fixture
def county_client(client, world):
    client.force_login(world.county_admin)
    return client


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2024", "as_of": "9999-12-31"},
        {"year": "9999", "as_of": "9999-12-31"},
        {"years": "2024,9999", "as_of": "9999-12-31"},
    ],
)
def test_the_api_refuses_bad_parameters_with_a_chinese_message(county_client, params):
    response = _get(county_client, reverse("oversight:api_compliance"), **params)
    assert response.status_code in (400, 404)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["error"])


def test_the_api_answers_the_last_evaluated_year(county_client):
    assert _get(county_client, reverse("oversight:api_compliance"), year="2024").status_code == 200


@pytest.mark.parametrize("year", [0, 1948, 10000, 99999])
def test_a_township_year_out_of_range_is_not_found(county_client, world, year):
    url = reverse("oversight:township_year", args=[world.t1.pk, year])
    assert _get(county_client, url).status_code == 404


@pytest.mark.parametrize("year", ["0", "10000", "-1", "99999999999999999999"])
@pytest.mark.parametrize(
    "name", ["sessions:suggestion_list", "sessions:activity_list", "sessions:session_list"]
)
def test_a_list_year_out_of_range_is_refused_or_ignored(client, world, name, year):
    client.force_login(world.staff)
    response = _get(client, reverse(name, args=[world.t1.pk]), year=year)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("term", ["²", "1", "99999999999999999999"])
def test_the_roster_hint_ignores_a_term_that_is_no_id(client, world, term):
    # str.isdigit() took "²" for an id: a 500.
    client.force_login(world.staff)
    response = _get(client, reverse("sessions:session_roster_count", args=[world.t1.pk]), term=term)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("county:account_list", lambda w: [w.county_a.code], {"q": NUL}),
        ("county:account_list", lambda w: [NUL], {}),
        ("county:township_list", lambda w: [NUL], {}),
        ("oversight:dashboard", lambda w: [], {"county": NUL}),
        ("oversight:dashboard", lambda w: [], {"q": NUL}),
        ("oversight:profiles", lambda w: [], {"county": NUL}),
        ("oversight:year_report", lambda w: [NUL, 2024], {}),
        ("sessions:suggestion_list", lambda w: [w.t1.pk], {"q": NUL}),
        ("oversight:api_compliance", lambda w: [], {"year": "2024", "county": NUL}),
        ("oversight:api_compliance", lambda w: [], {"year": "2024", "as_of": NUL}),
        ("login", lambda w: [], {"next": NUL}),
    ],
)
def test_a_nul_byte_in_a_parameter_is_refused_with_the_chinese_400_page(
    county_client, world, name, args, params
):
    response = _get(county_client, reverse(name, args=args(world)), **params)
    assert response.status_code == 400
    assert "请求格式有误" in response.text


@pytest.mark.parametrize("length", [150, 151, 300])
def test_a_username_too_long_for_any_account_gets_the_form_back_with_its_limit(client, length):
    # A 500 on PostgreSQL before (the lockout log's 255 characters); SQLite stores it whole.
    client.raise_request_exception = False
    response = client.post(
        reverse("login"),
        {"username": "x" * length, "password": "wrong-password"},
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 200
    too_long = "用户名：最多150个字。" in response.text
    assert too_long == (length > 150)


# The property test ---------------------------------------------------------------------------

# Every query parameter a view reads, wherever its page does not name it in a form.
QUERY_NAMES = ("year", "years", "county", "as_of", "q", "page", "format", "term", "opens_on", "on", "deputy")
# Values wrong in the ways a probe tries: out of range, too long, NUL, not a number or a day.
ODD_VALUES = (
    "",
    " ",
    "0",
    "-1",
    "10000",
    "9999",
    "99999999999999999999",
    "1e9",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "a\x00b",
    "²",
    "长" * 300,
    "x" * 256,
    "<script>",
    "on",
)
VALUES = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=40), st.integers().map(str))
EXAMPLES_PER_URL = 6
# The first role that may use the URL (its own answer is a page or a redirect, not a refusal).
FUZZING_ROLES = (OWN, COUNTY_ADMIN, COUNTY_STAFF, ANONYMOUS)
FIELD_NAME = re.compile(r'name="([^"]+)"')


def fuzzing_role(case: Case) -> str | None:
    usable = (200, 302) if case.method == "post" else (200,)
    return next((role for role in FUZZING_ROLES if case.expected[role] in usable), None)


def field_names(client: Client, url: str) -> list[str]:
    """The names of the page's form fields and query parameters, read from its own HTML."""
    response = client.get(url)
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    return sorted(set(FIELD_NAME.findall(response.text)) - {"csrfmiddlewaretoken"})


@pytest.mark.parametrize("case", [c for c in all_cases() if fuzzing_role(c)], ids=lambda case: case.test_id)
def test_no_value_in_any_parameter_or_field_is_a_server_error(case: Case, world):
    complete_world(world)
    client = Client()
    user = world.users[fuzzing_role(case)]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    names = sorted({*field_names(client, url), *QUERY_NAMES})
    send = getattr(client, case.method)
    headers = {"HX-Request": "true"} if case.htmx else {}

    @settings(
        max_examples=EXAMPLES_PER_URL,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        params=st.dictionaries(st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=2), max_size=5)
    )
    def never_a_server_error(params):
        base = case.data(world) if case.data else {}
        # A savepoint per request, as in the access matrix: a successful write leaves the world.
        with transaction.atomic():
            # The test client raises a view's exception: a 500 fails here with its value.
            response = send(url, data=base | params, headers=headers)
            transaction.set_rollback(True)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code < 500

    never_a_server_error()


@pytest.mark.parametrize(("day", "refused"), [("2024-03-05", False), ("9999-12-31", True)])
def test_a_suggestion_assigned_beyond_the_latest_day_is_refused_on_that_field(client, world, day, refused):
    # Already refused by the day field (congress.fields.latest_day): kept so that it stays so.
    client.force_login(world.staff)
    response = client.post(reverse("sessions:suggestion_create", args=[world.t1.pk]), {"assigned_on": day})
    assert response.status_code == 200
    assert ("assigned_on" in response.context["form"].errors) == refused
