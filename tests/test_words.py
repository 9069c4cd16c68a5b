"""Every page reads in Chinese: the access matrix's world, every URL as every role that may see it.

For each case of the access matrix (tests/access_cases/) and each role answered 200, the page is
asked in zh-hans, and its visible text (tags, scripts, styles, attribute values and URLs stripped)
must hold no English word outside ALLOWED_WORDS and none of Django's generic messages.

Forms are also sent back filled in with nothing (every required field then says so), and a few
with values too long or invalid, so that the other messages (maximum length, password rules,
login) are read too. Last, wordings a crawl cannot judge: column headers, a session's length.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from congress.models import Role
from tests import factories as f
from tests.access_cases import ANONYMOUS, COUNTY_ADMIN, OWN, ROLES, Case
from tests.factories import aware
from tests.test_access_matrix import all_cases, ask, build_world

# Abbreviations and names a Chinese reader meets as they are.
ALLOWED_WORDS = {
    "PDF",
    "Excel",
    "CSV",
    "XLSX",
    "DOCX",
    "DOC",
    "XLS",
    "ODT",
    "PNG",
    "JPG",
    "JPEG",
    "TXT",
    "API",
    "JSON",
    "ID",
    "KB",
    "MB",
    "GB",
    "HTML",
    # N, the number of all deputies, as the law and the forms write it.
    "N",
    # The language switcher names the other language in that language.
    "English",
}
# Django's own messages, which never name the field (or, in the select, say nothing at all).
GENERIC_MESSAGES = ("这个字段是必填项", "确保该变量包含", "---------", "Enter a valid", "This field")

# build_world names each user after their role; usernames are Latin letters by design.
USERNAMES = sorted(ROLES, key=len, reverse=True)

URL = re.compile(r"(?:https?://|/)[\w./?=&%#:-]+")
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, no attribute values, no scripts or styles."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def foreign_words(text: str) -> set[str]:
    return {word for word in ENGLISH_WORD.findall(URL.sub(" ", text)) if word not in ALLOWED_WORDS}


def problems(response) -> list[str]:
    """What a Chinese reader would stumble on in this response (an empty list if nothing). The
    usernames (in the menu, the account list) are left out."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    text = visible_text(response.content.decode())
    for name in USERNAMES:
        text = text.replace(name, " ")
    found = [f"generic message {message!r}" for message in GENERIC_MESSAGES if message in text]
    words = foreign_words(text)
    if words:
        found.append(f"English words {sorted(words)}")
    return found


def test_the_reader_sees_what_the_checks_see():
    html = (
        '<p title="Hello">导出 Excel</p><script>var x = "English";</script><style>p{color:red}</style>'
        "<a href='/a/b'>见 /township/1/ 与 https://example.org/x</a><p>Required field</p>"
    )
    assert visible_text(html) == "导出 Excel 见 /township/1/ 与 https://example.org/x Required field"
    assert foreign_words(visible_text(html)) == {"Required", "field"}
    assert foreign_words("姓名：必填。 PDF CSV") == set()


# Every case some role may read (the health check answers the load balancer, in plain text).
READABLE = [case for case in all_cases() if 200 in case.expected.values() and case.url_name != "health"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case",
    READABLE,
    ids=lambda case: case.test_id,
)
def test_every_page_reads_in_chinese(case: Case):
    world = build_world()
    found = {}
    for role, code in case.expected.items():
        if code != 200:
            continue
        response = ask(case, world, role)
        assert response.status_code == 200
        if issues := problems(response):
            found[role] = issues
    assert not found, f"{case.test_id}: {found}"


# A form POSTed empty is not bound (`Form(request.POST or None)`): one stray key binds it, so that
# every required field says so. The formsets' management forms are sent as a browser would.
FILLED_IN = {
    "words-check": "1",
    **{
        f"{prefix}-{count}": "0"
        for prefix in ("reports", "resolutions", "candidates")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    },
}
FORMS = [case for case in READABLE if case.method == "post" and case.data is None]
TOO_LONG = "长" * 300

# Values each wrong in its own way, on the forms that have such fields.
INVALID = [
    (
        "roster:deputy_create",
        lambda w: {"township_pk": w.t1.pk, "term_pk": w.term.pk},
        {"name": TOO_LONG, "occupation": TOO_LONG, "birth_year": "abc", "took_office_on": "soon"},
        OWN,
    ),
    (
        "county:account_create",
        lambda w: {"county_code": w.county_a.code},
        {
            "username": "new user!",
            "full_name": TOO_LONG,
            "role": "township_staff",
            "townships": [],
            "password": "123",
            "password_confirmation": "124",
        },
        COUNTY_ADMIN,
    ),
    (
        "county:account_password",
        lambda w: {"county_code": w.county_a.code, "user_pk": w.users[OWN].pk},
        {"password": "own_township", "password_confirmation": "own_township"},
        COUNTY_ADMIN,
    ),
    (
        "county:account_password",
        lambda w: {"county_code": w.county_a.code, "user_pk": w.users[OWN].pk},
        {"password": "12345", "password_confirmation": "12345"},
        COUNTY_ADMIN,
    ),
    ("login", lambda w: {}, {"username": "nobody", "password": "wrong"}, ANONYMOUS),
    ("login", lambda w: {}, {"username": "", "password": ""}, ANONYMOUS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.test_id)
def test_every_form_sent_back_reads_in_chinese(case: Case):
    world = build_world()
    case = dataclasses.replace(case, data=lambda w: FILLED_IN)
    found = {}
    for role, code in case.expected.items():
        if code != 200:
            continue
        response = ask(case, world, role)
        if issues := problems(response):
            found[role] = issues
    assert not found, f"{case.test_id}: {found}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, data, role", INVALID, ids=[row[0] for row in INVALID])
def test_invalid_values_are_refused_in_chinese(url_name, kwargs, data, role):
    world = build_world()
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.post(reverse(url_name, kwargs=kwargs(world)), data)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "alert" in response.content.decode()
    assert problems(response) == []


# Wordings no crawl can judge: each says what it means.


@pytest.fixture
def staff_client(db):
    term = f.TermFactory()
    client = Client()
    client.force_login(f.make_user(Role.TOWNSHIP_STAFF, term.township.county, [term.township]))
    return client, term


def test_the_session_list_names_each_count_column(staff_client):
    client, term = staff_client
    f.AgendaItemFactory(session=f.SessionFactory(term=term))
    response = client.get(reverse("sessions:session_list", kwargs={"township_pk": term.township.pk}))
    headers = [visible_text(th) for th in re.findall(r"<th\b.*?</th>", response.content.decode(), re.S)]
    assert {"议程", "报告", "决议、决定", "选举"} <= set(headers)
    assert "登记时间" not in headers


@pytest.mark.parametrize(
    "hours, expected",
    [
        (5, "当天开幕、闭幕，历时5小时"),
        (26, "跨2天（开幕日至闭幕日）"),
        (24 * 3 - 9, "跨3天（开幕日至闭幕日）"),
    ],
)
def test_the_dossier_says_how_long_the_session_sat(staff_client, hours, expected):
    client, term = staff_client
    opens = aware(2024, 3, 5, 8, 30)
    session = f.SessionFactory(term=term, opens_at=opens, closes_at=opens + datetime.timedelta(hours=hours))
    response = client.get(
        reverse(
            "sessions:session_dossier", kwargs={"township_pk": term.township.pk, "session_pk": session.pk}
        )
    )
    text = visible_text(response.content.decode())
    assert expected in text
    assert "天（" not in text.replace(expected, "")
