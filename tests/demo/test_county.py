"""The demo county (demo/county.py, seed_demo, demo_logins): built once for the module, as of a
fixed day, inside a transaction rolled back at the end."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from congress import access, divisions
from congress.models import County, Deputy, Membership, PresidiumRole, Role, Term, Township
from demo import county as demo
from oversight.selectors import compliance
from sessions import models as s
from sessions.documents import DOCX, sniff

TODAY = datetime.date(2026, 11, 26)
YEARS = range(TODAY.year - demo.HISTORY_YEARS, TODAY.year + 1)


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Where the demo's documents are written, for the whole module."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, demo_media):
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        fast_hashing,
        override_settings(MEDIA_ROOT=demo_media),
    ):
        result = demo.demo_build(today=TODAY)
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def county(built, db):
    return built.county


def gap(key: str) -> tuple[Township, int]:
    found = next(g for g in demo.GAPS if g.key == key)
    return Township.objects.get(code=found.township_code), demo.gap_year(found, TODAY.year)


def row_counts() -> dict[str, int]:
    """Rows of every model of the project, history and through tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"congress", "congress_sessions", "auth"}
    }


def fingerprint(county: County) -> list[tuple]:
    sessions = s.Session.objects.filter(township__county=county).order_by("township__code", "opens_at")
    return [
        *sessions.values_list(
            "township__code",
            "term__ordinal",
            "ordinal",
            "opens_at",
            "closes_at",
            "present",
            "deputies_in_office",
        ),
        *Deputy.objects.filter(term__township__county=county)
        .order_by(
            "term__township__code",
            "term__ordinal",
            "name",
            "took_office_on",
            "gender",
            "ethnicity",
            "left_on",
        )
        .values_list("name", "gender", "ethnicity", "left_on"),
        *s.Suggestion.objects.filter(township__county=county)
        .order_by("township__code", "submitted_on", "title", "assigned_on", "due_on", "replied_on")
        .values_list("title", "assigned_on", "due_on", "replied_on"),
    ]


# --- the county and its record -------------------------------------------------------------


def test_the_demo_county_is_a_real_county_with_towns_townships_and_subdistricts(county):
    assert (county.code, county.full_name) == ("410422", "河南省平顶山市叶县")
    assert county.rule_profile == "national"
    kinds = Counter(county.townships.values_list("kind", flat=True))
    assert 15 <= sum(kinds.values()) <= 30
    assert kinds[divisions.SUBDISTRICT] == 3
    assert kinds[divisions.TOWN] and kinds[divisions.TOWNSHIP] and kinds[divisions.ETHNIC_TOWNSHIP]


def test_every_congress_township_has_two_terms_and_subdistricts_have_no_record(county):
    for township in county.townships.all():
        terms = list(township.terms.order_by("ordinal"))
        if township.kind == divisions.SUBDISTRICT:
            assert terms == []
            assert not township.sessions.exists()
            assert not township.deputy_activities.exists()
            continue
        assert [t.ordinal for t in terms] == [17, 18]
        old, new = terms
        assert (old.starts_on.year, new.starts_on.year, new.starts_on.month) == (2017, 2022, 1)
        assert old.ends_on == new.starts_on - datetime.timedelta(days=1)
        assert new.ends_on is None
        assert new.elected_on.year == 2021  # the change of term: elections late 2021
        for term in terms:
            assert 40 <= term.deputies.count() <= 70
            assert term.presidium_members.filter(role=PresidiumRole.CHAIR).count() == 1


def test_rosters_are_plausible_people_with_a_few_status_changes(county):
    deputies = Deputy.objects.filter(term__township__county=county)
    genders = Counter(deputies.values_list("gender", flat=True))
    assert 0.15 < genders["female"] / deputies.count() < 0.4
    ethnicities = Counter(deputies.values_list("ethnicity", flat=True))
    assert ethnicities["汉族"] / deputies.count() > 0.85
    assert deputies.filter(term__township__code="410422203", ethnicity="回族").count() > 10  # 马庄回族乡
    assert len(set(deputies.values_list("occupation_group", flat=True))) == 6
    left = deputies.exclude(status="in_office")
    assert left.count() >= 15
    assert set(left.values_list("status", flat=True)) == {"resigned", "deceased", "moved_away"}
    for deputy in left:
        change = deputy.status_changes.get()
        assert (change.status, change.effective_on) == (deputy.status, deputy.left_on)
    # Names are unique within a term.
    names = Counter(deputies.values_list("term_id", "name"))
    assert max(names.values()) == 1


def test_each_session_counts_the_deputies_in_office_on_its_opening_day_from_the_roster(county):
    sessions = s.Session.objects.filter(township__county=county).select_related("term")
    assert sessions.count() > 150
    for session in sessions:
        roster = Deputy.objects.filter(term=session.term).in_office_on(session.opening_day).count()
        assert session.deputies_in_office == roster, session.full_name


def test_the_record_passes_model_validation(county):
    """Rows are bulk-created, bypassing full_clean(): check them (for three townships, the
    gaps' included: a query per foreign key makes all of them slow)."""
    townships = ["410422101", "410422207", "410422106"]
    for model, via in [
        (Term, "township"),
        (s.Session, "township"),
        (s.Resolution, "session__township"),
        (s.Election, "session__township"),
        (s.Candidate, "election__session__township"),
        (s.Suggestion, "township"),
        (s.DeputyActivity, "township"),
    ]:
        for obj in model.objects.filter(**{f"{via}__code__in": townships}):
            obj.full_clean()


def test_most_townships_meet_twice_a_year_with_the_usual_reports(county):
    early = s.Session.objects.filter(
        township__code="410422101", opens_at__year=2024, status=s.SessionStatus.HELD
    ).order_by("opens_at")
    assert early.count() == 2
    first, mid = early
    assert set(first.reports.values_list("kind", "fiscal_year")) >= {
        (s.ReportKind.GOVERNMENT_WORK, None),
        (s.ReportKind.BUDGET, 2024),
        (s.ReportKind.FINAL_ACCOUNTS, 2023),
        (s.ReportKind.PRESIDIUM_WORK, None),
        (s.ReportKind.SUGGESTION_HANDLING, None),
    }
    assert set(mid.reports.values_list("kind", flat=True)) == {
        s.ReportKind.BUDGET_EXECUTION,
        s.ReportKind.BUDGET_ADJUSTMENT,
        s.ReportKind.SPECIFIC_ISSUE,
    }
    for session in (first, mid):
        assert session.sitting_hours >= 6
        assert 7 <= (session.opening_day - session.announced_on).days <= 15
        assert session.quorum_met
        assert session.agenda_items.count() >= 4
        assert all(r.has_majority_of_all() for r in session.resolutions.all())
    assert first.suggestions.count() >= 5


def test_the_first_session_of_the_term_elects_with_lawful_margins(county):
    first = s.Session.objects.get(township__code="410422101", term__ordinal=18, ordinal=1)
    assert first.opening_day.year == 2022
    elections = {e.office: e for e in first.elections.prefetch_related("candidates")}
    assert set(elections) == {
        s.ElectionOffice.CHAIR,
        s.ElectionOffice.VICE_CHAIR,
        s.ElectionOffice.HEAD,
        s.ElectionOffice.DEPUTY_HEAD,
    }
    for office, election in elections.items():
        candidates = list(election.candidates.all())
        elected = [c for c in candidates if c.elected]
        assert len(elected) == election.seats
        assert all(c.votes * 2 > first.deputies_in_office for c in elected)
        if office in (s.ElectionOffice.CHAIR, s.ElectionOffice.HEAD):
            assert len(candidates) in (1, 2)
        else:
            assert election.seats + 1 <= len(candidates) <= election.seats + 3


def test_the_year_in_progress_is_partly_done(county):
    this_year = s.Session.objects.filter(township__county=county, opens_at__year=TODAY.year)
    assert this_year.filter(status=s.SessionStatus.HELD).count() >= 14
    planned = this_year.filter(status=s.SessionStatus.PLANNED)
    assert planned.exists()
    assert all(session.opening_day > TODAY for session in planned)
    assert not s.Session.objects.filter(
        township__county=county, status=s.SessionStatus.HELD, opens_at__date__gt=TODAY
    )
    pending = s.Suggestion.objects.filter(township__county=county, replied_on__isnull=True, due_on__gte=TODAY)
    assert pending.exists()


def test_between_sessions_the_presidium_meets_and_deputies_are_active(county):
    township = Township.objects.get(code="410422101")
    for year in YEARS:
        meetings = sorted(
            township.presidium_meetings.filter(held_on__year=year).values_list("held_on", flat=True)
        )
        assert len(meetings) >= 3 if year < TODAY.year else len(meetings) >= 1
        activities = township.deputy_activities.filter(held_on__year=year)
        if year < TODAY.year:
            assert 3 <= activities.count() <= 6
            assert activities.exclude(kind=s.ActivityKind.TRAINING).count() >= 2
    meeting = township.presidium_meetings.first()
    assert meeting.members_present.exists()
    assert township.deputy_activities.first().participants.count() >= 6


# --- a record that reads true ----------------------------------------------------------------


def test_each_suggestion_is_about_what_its_title_says(county):
    """Title and text come from one topic: the topic's word stands in both."""
    suggestions = list(s.Suggestion.objects.filter(township__county=county).order_by("pk"))
    assert len(suggestions) > 400
    for suggestion in suggestions:
        topics = [t for t in demo.SUGGESTIONS if t.keyword in suggestion.title]
        assert topics, suggestion.title
        assert any(t.keyword in suggestion.content for t in topics), (suggestion.title, suggestion.content)


def test_each_activity_found_something_about_its_own_topic(county):
    activities = s.DeputyActivity.objects.filter(township__county=county)
    for activity in activities.exclude(kind=s.ActivityKind.TRAINING):
        if activity.kind == s.ActivityKind.LAW_CHECK:
            law = next(law for law in demo.LAWS if law in activity.topic)
            assert activity.findings == demo.LAW_FINDINGS[law]
        elif activity.kind in (s.ActivityKind.VOTER_CONTACT, s.ActivityKind.RECEPTION_DAY):
            assert activity.findings.startswith("选民集中反映")
        else:
            topic = next(topic for topic in demo.SPECIFIC_TOPICS if topic in activity.topic)
            assert activity.findings == demo.TOPIC_FINDINGS[topic]


def test_most_held_sessions_have_a_roll_call_that_agrees_with_their_counts(county):
    held = list(
        s.Session.objects.filter(township__county=county, status=s.SessionStatus.HELD).prefetch_related(
            "attendances"
        )
    )
    with_roll_call = [x for x in held if x.attendances.all()]
    assert 0.75 <= len(with_roll_call) / len(held) < 1
    absences = Counter()
    for session in with_roll_call:
        marks = Counter(a.status for a in session.attendances.all())
        assert marks[s.AttendanceStatus.PRESENT] == session.present
        assert marks[s.AttendanceStatus.EXCUSED] == session.excused
        assert marks.total() == session.deputies_in_office
        absences.update(
            a.deputy_id for a in session.attendances.all() if a.status == s.AttendanceStatus.ABSENT
        )
    assert sum(1 for a in s.Attendance.objects.filter(session__in=with_roll_call, status="excused")) > 0
    assert absences, "some deputies are absent without leave"
    # Twice would end the deputy's status (代表法 Art. 62): no deliberate gap of the demo.
    assert max(absences.values()) == 1


def test_every_deputy_of_the_current_term_attended_sessions(county):
    term = Term.objects.filter(township__code="410422101").order_by("-ordinal").first()
    attended = Counter(
        s.Attendance.objects.filter(session__term=term, status=s.AttendanceStatus.PRESENT).values_list(
            "deputy_id", flat=True
        )
    )
    in_office = term.deputies.filter(left_on__isnull=True)
    assert all(attended[d.pk] > 0 for d in in_office)


def test_resolutions_have_their_follow_up_once_a_season_has_passed(county):
    resolutions = s.Resolution.objects.filter(session__township__county=county)
    recent = resolutions.filter(session__closes_at__date__gt=TODAY - demo.FOLLOW_UP_AFTER)
    assert not recent.exclude(follow_up="").exists()
    older = resolutions.exclude(pk__in=recent)
    assert 0.6 <= older.exclude(follow_up="").count() / older.count() < 1


def test_each_township_has_the_announcement_of_its_latest_session_as_a_word_file(
    county, settings, demo_media
):
    settings.MEDIA_ROOT = demo_media
    documents_ = s.Document.objects.filter(session__township__county=county).select_related("session")
    congress_units = county.townships.congress_units()
    assert documents_.count() == congress_units.count()
    for document in documents_:
        assert document.session.status == s.SessionStatus.HELD
        assert document.title.startswith("关于召开") and document.title.endswith("的公告")
        with document.file.open("rb") as file:
            assert sniff(file) == DOCX
            assert document.size == len(file.read())


def test_demo_staff_have_person_names_and_their_townships_as_scope(county):
    users = get_user_model().objects.filter(membership__county=county)
    assert users.count() > 3
    for user in users:
        name = user.get_full_name()
        assert 2 <= len(name) <= 3 and name[0] in demo.SURNAMES, name
        assert not {"镇", "乡", "县", "、"} & set(name), name


# --- the deliberate gaps ---------------------------------------------------------------------


def test_the_manifest_names_each_gap_with_its_township_year_and_rules():
    keys = {g.key for g in demo.GAPS}
    assert keys == {
        "skipped-year",
        "half-day-session",
        "resolution-without-majority",
        "quorum-failed",
        "suggestion-replied-late",
        "suggestion-unanswered",
        "no-activities",
        "no-session-this-year",
    }
    expected = demo.expected_flags(TODAY)
    assert expected[("410422210", 2023)] >= {"annual-session-missing", "budget-not-approved"}
    assert expected[("410422109", 2026)] == {"annual-session-unscheduled"}
    assert all(year in YEARS for _code, year in expected)


def test_gap_a_township_skipped_a_closed_year(county):
    township, year = gap("skipped-year")
    assert year < TODAY.year
    assert not township.sessions.filter(opens_at__year=year).exists()
    assert township.sessions.filter(opens_at__year=year - 1, status=s.SessionStatus.HELD).count() == 2
    assert township.sessions.filter(opens_at__year=year + 1, status=s.SessionStatus.HELD).count() == 2


def test_gap_a_session_sat_half_a_day(county):
    township, year = gap("half-day-session")
    short = [x for x in township.sessions.filter(opens_at__year=year) if x.sitting_hours < 6]
    assert len(short) == 1
    assert short[0].days == 1
    assert short[0].sitting_hours == 5.5
    assert short[0].kind == s.SessionKind.REGULAR


def test_gap_a_resolution_adopted_without_a_majority_of_all_deputies(county):
    township, year = gap("resolution-without-majority")
    resolutions = s.Resolution.objects.filter(session__township=township, session__opens_at__year=year)
    weak = [r for r in resolutions if not r.has_majority_of_all()]
    assert len(weak) == 1
    assert weak[0].adopted
    assert weak[0].votes_for * 2 <= weak[0].session.deputies_in_office
    assert weak[0].session.quorum_met  # quorum met: only the majority is wrong
    assert weak[0].votes_for * 2 > weak[0].present_at_vote  # a majority of those present


def test_gap_a_session_failed_quorum_and_was_convened_again(county):
    township, year = gap("quorum-failed")
    held = list(
        township.sessions.filter(opens_at__year=year, status=s.SessionStatus.HELD).order_by("opens_at")
    )
    assert [x.quorum_met for x in held] == [True, False, True]
    failed, again = held[1], held[2]
    assert not failed.reports.exists() and not failed.resolutions.exists()
    assert again.ordinal == failed.ordinal + 1
    assert 14 <= (again.opening_day - failed.opening_day).days <= 21
    assert again.announced_on <= again.opening_day


def test_gap_suggestions_replied_late_and_never_answered(county):
    township, year = gap("suggestion-replied-late")
    late = s.Suggestion.objects.filter(township=township, due_on__year=year, replied_on__isnull=False)
    assert [x.title for x in late if x.replied_on > x.due_on] != []
    assert len([x for x in late if x.replied_on > x.due_on]) == 1
    township, year = gap("suggestion-unanswered")
    unanswered = s.Suggestion.objects.filter(township=township, due_on__year=year, replied_on__isnull=True)
    assert unanswered.count() == 1
    assert unanswered.get().due_on < TODAY
    # Nowhere else is a reply late or missing past its due day.
    late_elsewhere = [
        x
        for x in s.Suggestion.objects.filter(township__county=county, due_on__isnull=False)
        if (x.replied_on or TODAY) > x.due_on
    ]
    assert len(late_elsewhere) == 2


def test_gap_a_township_without_activities_in_a_closed_year(county):
    township, year = gap("no-activities")
    assert not township.deputy_activities.filter(held_on__year=year).exists()
    assert township.deputy_activities.filter(held_on__year=year + 1).count() >= 3


def test_gap_a_township_with_no_session_held_or_planned_this_year(county):
    township, year = gap("no-session-this-year")
    assert year == TODAY.year
    assert not township.sessions.filter(opens_at__year=year).exists()


def test_the_compliance_flags_of_the_demo_county_are_exactly_the_manifest(county):
    """Each deliberate gap shows as its flags, and nothing else is flagged: the dashboard
    shows nothing false."""
    with translation.override("en"):
        cells = compliance(townships=county.townships.all(), years=YEARS, as_of=TODAY)
    flagged = {(c.township.code, c.year): {f.rule for f in c.flags} for c in cells if c.flags}
    assert flagged == demo.expected_flags(TODAY)
    statuses = Counter(c.status for c in cells if (c.township.code, c.year) not in flagged)
    assert statuses["not-applicable"] == 3 * len(YEARS)
    assert set(statuses) == {"ok", "pending", "not-applicable"}
    assert all(c.year == TODAY.year for c in cells if c.status == "pending")


# --- idempotence, determinism, the commands --------------------------------------------------


@pytest.fixture
def development(settings):
    """seed_demo runs with DEBUG on (make run); the test runner turns it off."""
    settings.DEBUG = True


@pytest.mark.usefixtures("development")
def test_seeding_again_changes_no_counts(county):
    before = row_counts()
    call_command("seed_demo", "--today", TODAY.isoformat(), stdout=StringIO())
    assert row_counts() == before


@pytest.mark.usefixtures("development")
def test_if_empty_does_nothing_when_the_demo_county_exists(county):
    before = row_counts()
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
    assert row_counts() == before


@pytest.mark.usefixtures("development")
def test_if_empty_builds_the_demo_county_on_an_empty_database(county):
    before = row_counts()
    assert demo.demo_delete()
    assert demo.demo_county() is None
    assert not Membership.objects.exists()

    call_command("seed_demo", "--if-empty", "--today", TODAY.isoformat(), stdout=StringIO())

    assert row_counts() == before


@pytest.mark.usefixtures("development")
def test_reset_rebuilds_exactly_the_same_record(county):
    before, print_before = row_counts(), fingerprint(county)
    call_command("seed_demo", "--reset", "--today", TODAY.isoformat(), stdout=StringIO())
    assert row_counts() == before
    assert fingerprint(demo.demo_county()) == print_before


# --- the demo accounts -----------------------------------------------------------------------


def test_every_demo_login_exists_with_its_role_and_scope(county):
    users = {u.username: u for u in get_user_model().objects.select_related("membership")}
    for user in users.values():
        assert user.check_password(demo.DEMO_PASSWORD)
        assert user.is_active
    assert users["admin"].is_superuser
    assert not users["countyadmin"].is_staff and not users["countyadmin"].is_superuser
    assert (users["countyadmin"].membership.role, users["countyadmin"].membership.county) == (
        Role.COUNTY_ADMIN,
        county,
    )
    assert not users["county"].is_staff
    assert (users["county"].membership.role, users["county"].membership.county) == (Role.COUNTY_STAFF, county)
    assert set(access.townships(users["county"])) == set(county.townships.all())
    assert not access.townships(users["county"], write=True).exists()

    congress_units = list(county.townships.congress_units().order_by("code"))
    staff = sorted(name for name in users if name.startswith("zhen"))
    assert staff == [f"zhen{n:02d}" for n in range(1, (len(congress_units) + 1) // 2 + 1)]
    kept = []
    for name in staff:
        membership = users[name].membership
        assert (membership.role, membership.county) == (Role.TOWNSHIP_STAFF, county)
        mine = list(access.townships(users[name], write=True).order_by("code"))
        assert 1 <= len(mine) <= 2
        kept += mine
    assert kept == congress_units  # every congress township, each kept by one account


def test_a_demo_account_logs_in_through_the_login_form(county, client):
    response = client.post("/accounts/login/", {"username": "zhen01", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_demo_logins_prints_the_accounts_the_password_and_the_address(county):
    out = StringIO()
    with translation.override("en"):
        call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    assert demo.DEMO_PASSWORD in text
    for username in ["admin", "countyadmin", "county", "zhen01", "zhen08"]:
        assert f"  {username} " in text
    assert "任店镇、保安镇" in text


# --- with DEBUG off (maybe a real site): no published password ---------------------------------


def test_seed_demo_refuses_to_run_with_debug_off(county, settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", "--reset", "--today", TODAY.isoformat(), stdout=StringIO())
    assert row_counts() == before


def test_seed_demo_forced_with_debug_off_gives_no_account_a_usable_password(county, settings, tmp_path):
    settings.DEBUG, settings.MEDIA_ROOT = False, tmp_path
    call_command("seed_demo", "--reset", "--force", "--today", TODAY.isoformat(), stdout=StringIO())
    users = get_user_model().objects.filter(username__in=["admin", "countyadmin", "county", "zhen01"])
    assert users.count() == 4
    assert not any(user.has_usable_password() or user.check_password(demo.DEMO_PASSWORD) for user in users)
