"""Session-level rules on plain facts, each on both sides of its threshold."""

import datetime

import pytest
from django.utils import translation

from oversight.rules import day_label
from tests.oversight.test_rules import (
    CLOSED_2024,
    at,
    candidate,
    codes,
    d,
    election,
    lawful_sessions,
    only,
    resolution,
    run,
    session,
    town,
)


def with_session(s, *, profile="national", year=2024, as_of=CLOSED_2024, **fields):
    """A lawful year plus the session under test."""
    return run(town(sessions=[*lawful_sessions(year), s], **fields), year=year, as_of=as_of, profile=profile)


# --- quorum-not-met --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "quorum"),
    [(45, 30), (46, 31), (47, 32), (3, 2), (60, 40)],  # N divisible by 3 and not
)
def test_exactly_two_thirds_present_is_a_quorum_and_one_fewer_is_not(n, quorum):
    assert "quorum-not-met" not in codes(with_session(session((2024, 6, 1), n=n, present=quorum)))
    cell = with_session(session((2024, 6, 1), n=n, present=quorum - 1))
    flag = only(cell, "quorum-not-met")
    assert flag.severity == "violation"
    assert cell.status == "violation"
    with translation.override("en"):
        flag = only(with_session(session((2024, 6, 1), n=n, present=quorum - 1)), "quorum-not-met")
    assert (
        f": {quorum - 1} of {n} deputies present, fewer than the quorum of {quorum} (two thirds)"
        in flag.message
    )
    assert flag.message.startswith("测试镇第18届人民代表大会第1次会议")


def test_quorum_flag_points_at_the_session():
    failed = session((2024, 6, 1), present=20)
    flag = only(with_session(failed), "quorum-not-met")
    assert flag.object == {"type": "session", "id": failed.id, "label": failed.label, "session_id": failed.id}


def test_quorum_basis_before_and_after_the_2022_revision():
    with translation.override("en"):
        after = only(
            with_session(session((2022, 3, 11), present=1), year=2022, as_of=d(2023, 1, 5)), "quorum-not-met"
        )
        before = only(
            with_session(session((2022, 3, 10), present=1), year=2022, as_of=d(2023, 1, 5)), "quorum-not-met"
        )
    assert after.basis == "Organic Law (2022) Art. 14(4)"
    assert before.basis.startswith("Provincial rules")


def test_quorum_is_checked_before_2022_too():
    cell = with_session(session((2019, 6, 1), present=29), year=2019, as_of=d(2020, 1, 5))
    assert "quorum-not-met" in codes(cell)


def test_planned_and_cancelled_sessions_are_never_session_flagged():
    for status in ("planned", "postponed", "cancelled"):
        broken = session((2024, 6, 1), status=status, present=1, hours=1, announced_on=None)
        assert codes(with_session(broken)) == [], status


# --- session-too-short -----------------------------------------------------------------------


def test_a_regular_session_of_5_h_59_min_on_one_day_is_too_short():
    short = session((2024, 6, 1), opens=(10, 0), closes_at=at(2024, 6, 1, 15, 59))
    cell = with_session(short)
    assert only(cell, "session-too-short").severity == "warning"
    with translation.override("en"):
        message = only(with_session(short), "session-too-short").message
    assert message.endswith("sat 5 h 59 min on a single day; a regular session sits at least 6 hours")


def test_a_regular_session_of_6_hours_is_long_enough():
    six = session((2024, 6, 1), opens=(10, 0), closes_at=at(2024, 6, 1, 16, 0))
    assert "session-too-short" not in codes(with_session(six))


def test_a_session_over_two_days_passes_however_short_its_hours():
    overnight = session((2024, 6, 1), opens=(22, 0), closes_at=at(2024, 6, 2, 0, 30))
    assert "session-too-short" not in codes(with_session(overnight))


def test_an_extraordinary_session_is_never_too_short():
    one_hour = session((2024, 6, 1), kind="extraordinary", hours=1)
    assert "session-too-short" not in codes(with_session(one_hour))


def test_a_session_without_a_closing_time_is_not_judged_on_length():
    assert "session-too-short" not in codes(with_session(session((2024, 6, 1), hours=None)))


# --- session-not-announced -------------------------------------------------------------------


def test_a_session_without_an_announcement_is_flagged():
    silent = session((2024, 6, 1), announced_on=None)
    flag = only(with_session(silent), "session-not-announced")
    assert flag.severity == "warning"
    assert flag.object["id"] == silent.id
    with translation.override("en"):
        flag = only(with_session(silent), "session-not-announced")
        assert day_label(d(2024, 6, 1)) in flag.message
    assert flag.basis == "Organic Law (2022) Art. 14(1)–(2)"


def test_an_announcement_on_the_opening_day_is_in_time():
    assert "session-not-announced" not in codes(
        with_session(session((2024, 6, 1), announced_on=d(2024, 6, 1)))
    )


def test_an_announcement_after_the_opening_day_does_not_count():
    late = session((2024, 6, 1), announced_on=d(2024, 6, 2))
    assert "session-not-announced" in codes(with_session(late))


def test_sessions_before_the_2022_revision_need_no_announcement():
    kw = {"year": 2022, "as_of": d(2023, 1, 5)}
    assert "session-not-announced" not in codes(with_session(session((2022, 3, 10), announced_on=None), **kw))
    assert "session-not-announced" in codes(with_session(session((2022, 3, 11), announced_on=None), **kw))


# --- resolution-majority-not-reached ---------------------------------------------------------


@pytest.mark.parametrize("n", [44, 45])  # N even and odd
def test_a_resolution_needs_more_than_half_of_all_deputies(n):
    half = n // 2  # exactly N/2 (even) or the largest count not above it (odd)
    lacking = resolution(half)
    cell = with_session(session((2024, 6, 1), n=n, present=n, resolutions=[lacking, resolution(half + 1)]))
    flag = only(cell, "resolution-majority-not-reached")
    assert flag.severity == "violation"
    assert flag.object == {
        "type": "resolution",
        "id": lacking.id,
        "label": lacking.title,
        "session_id": flag.object["session_id"],
    }
    with translation.override("en"):
        flag = only(
            with_session(session((2024, 6, 1), n=n, present=n, resolutions=[lacking])),
            "resolution-majority-not-reached",
        )
    assert (
        f"adopted with {half} votes for, not more than half of all {n} deputies ({half + 1} needed)"
        in flag.message
    )


def test_a_resolution_not_adopted_is_not_flagged():
    rejected = resolution(10, adopted=False)
    assert "resolution-majority-not-reached" not in codes(
        with_session(session((2024, 6, 1), resolutions=[rejected]))
    )


def test_majority_is_of_all_deputies_not_of_those_present():
    # 31 of 45 present; 20 votes are a majority of those present but not of all deputies.
    s = session((2024, 6, 1), n=45, present=31, resolutions=[resolution(20)])
    assert "resolution-majority-not-reached" in codes(with_session(s))


def test_each_resolution_is_flagged_once():
    s = session(
        (2024, 6, 1), resolutions=[resolution(5, title="一"), resolution(6, title="二"), resolution(40)]
    )
    assert codes(with_session(s)).count("resolution-majority-not-reached") == 2


def test_resolution_basis_cites_the_2015_article_before_the_revision():
    with translation.override("en"):
        s = session((2021, 6, 1), resolutions=[resolution(5)])
        flag = only(
            with_session(s, year=2021, as_of=d(2022, 1, 5), terms=()), "resolution-majority-not-reached"
        )
    assert flag.basis == "Organic Law (2015) Art. 20"


# --- election-majority-not-reached -----------------------------------------------------------


@pytest.mark.parametrize("n", [44, 45])
def test_a_candidate_elected_needs_more_than_half_of_all_deputies(n):
    lacking, fine = candidate(n // 2, name="李四"), candidate(n // 2 + 1, name="王五")
    elections = [election("head", candidates=[lacking]), election("chair", candidates=[fine])]
    cell = with_session(session((2024, 6, 1), n=n, present=n, elections=elections))
    flag = only(cell, "election-majority-not-reached")
    assert flag.severity == "violation"
    assert flag.object["type"] == "candidate"
    assert flag.object["id"] == lacking.id
    assert flag.object["label"] == "李四"
    with translation.override("en"):
        flag = only(
            with_session(session((2024, 6, 1), n=n, present=n, elections=elections)),
            "election-majority-not-reached",
        )
    assert f"李四 recorded as elected (township head) with {n // 2} votes" in flag.message


def test_a_candidate_not_elected_is_not_flagged():
    elections = [
        election("head", kind="competitive", candidates=[candidate(30), candidate(10, elected=False)])
    ]
    assert "election-majority-not-reached" not in codes(
        with_session(session((2024, 6, 1), elections=elections))
    )


def test_each_elected_candidate_is_flagged_once():
    seats = [candidate(10), candidate(11), candidate(12), candidate(5, elected=False)]
    elections = [election("vice_chair", kind="competitive", seats=3, candidates=seats)]
    cell = with_session(session((2024, 6, 1), elections=elections))
    assert codes(cell).count("election-majority-not-reached") == 3


# --- election-margin-invalid -----------------------------------------------------------------


def _margin(office, count, *, seats=1, kind="competitive", year=2024):
    candidates = [candidate(40 - i, elected=i < seats) for i in range(count)]
    s = session((year, 6, 1), elections=[election(office, kind=kind, seats=seats, candidates=candidates)])
    return codes(with_session(s, year=year, as_of=d(year + 1, 1, 5)))


@pytest.mark.parametrize("office", ["chair", "head"])
def test_chair_and_head_allow_one_or_two_candidates(office):
    assert "election-margin-invalid" not in _margin(office, 1, kind="uncontested")
    assert "election-margin-invalid" not in _margin(office, 2)
    assert "election-margin-invalid" in _margin(office, 3)


@pytest.mark.parametrize("office", ["vice_chair", "deputy_head"])
@pytest.mark.parametrize("seats", [1, 2])
def test_vice_posts_need_seats_plus_one_to_seats_plus_three_candidates(office, seats):
    assert "election-margin-invalid" in _margin(office, seats, seats=seats)
    for count in (seats + 1, seats + 2, seats + 3):
        assert "election-margin-invalid" not in _margin(office, count, seats=seats), count
    assert "election-margin-invalid" in _margin(office, seats + 4, seats=seats)


@pytest.mark.parametrize("office", ["chair", "head", "vice_chair", "deputy_head"])
def test_an_election_with_no_candidate_recorded_counts_as_zero_and_is_flagged(office):
    # RULES.md 2026-12-02: 0 is neither 1 or 2 (chair, head) nor seats + 1..seats + 3 (vice posts).
    assert "election-margin-invalid" in _margin(office, 0)
    assert "election-margin-invalid" not in _margin(office, 2)
    with translation.override("en"):
        s = session((2024, 6, 1), elections=[election(office, kind="competitive", candidates=[])])
        [flag] = [
            f
            for f in with_session(s, year=2024, as_of=d(2025, 1, 5)).flags
            if f.rule == "election-margin-invalid"
        ]
    assert "with 0 candidates" in flag.message


def test_a_by_election_with_no_candidate_recorded_is_not_checked():
    assert "election-margin-invalid" not in _margin("head", 0, kind="by_election")


def test_by_elections_and_other_offices_are_not_checked_for_margins():
    assert "election-margin-invalid" not in _margin("vice_chair", 1, kind="by_election")
    assert "election-margin-invalid" not in _margin("head", 4, kind="by_election")
    assert "election-margin-invalid" not in _margin("presidium", 30, seats=9)
    assert "election-margin-invalid" not in _margin("other", 1)


def test_margin_flag_names_the_election_and_cites_the_article_of_its_date():
    candidates = [candidate(30), candidate(10, elected=False), candidate(5, elected=False)]
    e = election("chair", kind="competitive", candidates=candidates)
    with translation.override("en"):
        flag = only(with_session(session((2024, 6, 1), elections=[e])), "election-margin-invalid")
        assert flag.message.endswith(
            "election of the chair of the people's congress with 3 candidates; the law allows 1 or 2"
        )
        assert flag.basis == "Organic Law (2022) Art. 27"
        assert flag.object["type"] == "election" and flag.object["id"] == e.id
        old = session((2021, 6, 1), elections=[election("chair", kind="competitive", candidates=candidates)])
        flag = only(with_session(old, year=2021, as_of=d(2022, 1, 5), terms=()), "election-margin-invalid")
        assert flag.basis == "Organic Law (2015) Art. 22"


# --- who and when ----------------------------------------------------------------------------


def test_session_flags_count_in_the_year_of_the_opening_day():
    failed = session((2023, 12, 30), present=10)
    township = town(years=(2023, 2024), sessions=[*lawful_sessions(2023), *lawful_sessions(2024), failed])
    assert "quorum-not-met" in codes(run(township, year=2023))
    assert "quorum-not-met" not in codes(run(township, year=2024))


def test_session_flags_apply_at_once_in_the_year_in_progress():
    failed = session((2024, 3, 5), present=10)
    cell = run(town(sessions=[failed, *lawful_sessions(2024)[:1]]), as_of=d(2024, 4, 1))
    assert codes(cell) == ["quorum-not-met"]
    assert cell.status == "violation"


def test_a_session_of_an_extraordinary_kind_counts_as_held():
    extra = session((2024, 10, 1), kind="extraordinary", hours=2)
    cell = run(town(sessions=[*lawful_sessions(2024)[:1], extra]))
    assert "second-session-missing" not in codes(cell)


def test_local_datetimes_decide_the_sitting_time():
    # 08:00–13:59 local on one day, whatever the UTC offset.
    s = session(
        (2024, 6, 1), opens=(8, 0), closes_at=at(2024, 6, 1, 8, 0) + datetime.timedelta(hours=5, minutes=59)
    )
    assert "session-too-short" in codes(with_session(s))
