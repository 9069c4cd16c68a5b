"""Other rules on plain facts: suggestion replies, terms, first sessions."""

import datetime

import pytest
from django.utils import translation

from oversight.facts import SuggestionFacts
from oversight.rules import day_label
from tests.oversight.test_rules import codes, d, run, suggestion, term, town


def overdue(suggestions, *, year=2024, as_of=None, profile="national", **fields):
    as_of = as_of or d(year + 1, 1, 15)
    cell = run(
        town(years=(year,), suggestions=suggestions, **fields), year=year, as_of=as_of, profile=profile
    )
    return [f for f in cell.flags if f.rule == "suggestion-reply-overdue"]


# --- suggestion-reply-overdue ----------------------------------------------------------------


def test_a_reply_on_the_due_day_is_on_time_and_the_next_day_is_overdue():
    # Assigned Mar 20: due Jun 20.
    assert overdue([suggestion(d(2024, 3, 20), replied_on=d(2024, 6, 20))]) == []
    late = suggestion(d(2024, 3, 20), replied_on=d(2024, 6, 21))
    [flag] = overdue([late])
    assert flag.severity == "violation"
    assert flag.object == {"type": "suggestion", "id": late.id, "label": late.title, "session_id": None}
    with translation.override("en"):
        [flag] = overdue([late])
        due, replied = day_label(d(2024, 6, 20)), day_label(d(2024, 6, 21))
    assert flag.message == f"Suggestion “关于修缮村道的建议”: reply due on {due}, replied on {replied}"


@pytest.mark.parametrize(
    ("assigned", "due"),
    [
        (d(2022, 11, 30), d(2023, 2, 28)),  # clamped to the end of February
        (d(2023, 11, 30), d(2024, 2, 29)),  # a leap year
        (d(2024, 8, 31), d(2024, 11, 30)),
        (d(2024, 1, 31), d(2024, 4, 30)),
    ],
)
def test_the_due_day_is_clamped_to_the_end_of_a_shorter_month(assigned, due):
    year = due.year
    assert overdue([suggestion(assigned, replied_on=due)], year=year) == []
    assert len(overdue([suggestion(assigned, replied_on=due + datetime.timedelta(days=1))], year=year)) == 1


def test_a_complex_suggestion_has_six_months():
    assert overdue([suggestion(d(2024, 1, 10), is_complex=True, replied_on=d(2024, 7, 10))]) == []
    assert len(overdue([suggestion(d(2024, 1, 10), is_complex=True, replied_on=d(2024, 7, 11))])) == 1


def test_the_profile_sets_the_period():
    # Chongqing: 2 months (4 if complex).
    assert len(overdue([suggestion(d(2024, 3, 20), replied_on=d(2024, 5, 21))], profile="chongqing")) == 1
    assert overdue([suggestion(d(2024, 3, 20), replied_on=d(2024, 5, 20))], profile="chongqing") == []


def test_the_stored_due_day_is_used_when_recorded():
    # Due on a day fixed when assigned: a later change of profile does not move it.
    fixed = suggestion(d(2024, 3, 20), due_on=d(2024, 5, 20), replied_on=d(2024, 6, 1))
    assert len(overdue([fixed])) == 1


def test_still_unanswered_after_the_due_day_is_overdue_but_not_on_it():
    open_ = suggestion(d(2024, 3, 20))
    assert overdue([open_], as_of=d(2024, 6, 20)) == []
    [flag] = overdue([open_], as_of=d(2024, 6, 21))
    with translation.override("en"):
        [flag] = overdue([open_], as_of=d(2024, 6, 21))
        assert flag.message.endswith(f"still unanswered on {day_label(d(2024, 6, 21))}")


def test_a_reply_after_the_as_of_date_was_not_there_on_it():
    replied_later = suggestion(d(2024, 3, 20), replied_on=d(2024, 6, 10))
    assert len(overdue([replied_later], as_of=d(2024, 6, 5))) == 0  # not yet due on D
    assert overdue([replied_later], as_of=d(2024, 7, 1)) == []


def test_the_flag_belongs_to_the_year_of_the_due_day():
    late = suggestion(d(2023, 11, 30), replied_on=d(2024, 3, 15))  # due Feb 29 2024
    township = town(years=(2023, 2024), suggestions=[late])
    assert "suggestion-reply-overdue" not in codes(run(township, year=2023, as_of=d(2025, 1, 5)))
    assert "suggestion-reply-overdue" in codes(run(township, year=2024, as_of=d(2025, 1, 5)))


def test_a_suggestion_not_yet_assigned_has_no_deadline():
    assert overdue([suggestion(None)]) == []


def test_each_suggestion_is_flagged_once():
    late = [suggestion(d(2024, 3, 20), replied_on=d(2024, 9, 1), title=f"建议{i}") for i in range(3)]
    assert len(overdue(late)) == 3


def test_suggestion_basis_by_the_due_day():
    with translation.override("en"):
        [new] = overdue([suggestion(d(2024, 12, 11))], year=2025)  # due 2025-03-11
        [old] = overdue([suggestion(d(2024, 12, 10))], year=2025)  # due 2025-03-10
    assert new.basis == "Deputies Law (2025) Art. 51(2)"
    assert old.basis == "Deputies Law (2015) Art. 42"


# --- term-overdue ----------------------------------------------------------------------------


def terms_flag(terms, *, year, as_of):
    cell = run(town(years=(year,), terms=terms), year=year, as_of=as_of)
    return [f for f in cell.flags if f.rule == "term-overdue"]


def test_term_overdue_after_5_years_and_6_months_in_the_year_in_progress():
    started = [term(17, elected_on=None, starts_on=d(2019, 1, 1))]
    assert terms_flag(started, year=2024, as_of=d(2024, 7, 1)) == []
    [flag] = terms_flag(started, year=2024, as_of=d(2024, 7, 2))
    assert flag.severity == "warning"
    assert flag.object["type"] == "term"
    assert flag.object["label"] == "测试镇第十七届"


def test_term_overdue_in_a_closed_year_is_judged_on_dec_31():
    assert (
        len(terms_flag([term(17, elected_on=None, starts_on=d(2019, 6, 30))], year=2024, as_of=d(2025, 3, 1)))
        == 1
    )
    assert (
        terms_flag([term(17, elected_on=None, starts_on=d(2019, 7, 1))], year=2024, as_of=d(2025, 3, 1)) == []
    )


def test_the_latest_term_decides():
    old = term(17, elected_on=None, starts_on=d(2016, 12, 1))
    new = term(18, elected_on=d(2021, 11, 20), starts_on=d(2021, 12, 28))
    assert terms_flag([old, new], year=2024, as_of=d(2025, 1, 5)) == []
    # A term whose first session is after R does not count yet.
    future = term(19, elected_on=d(2026, 11, 1), starts_on=d(2026, 12, 20))
    assert len(terms_flag([old, future], year=2024, as_of=d(2025, 1, 5))) == 1


def test_the_recorded_first_session_stands_before_the_start_date():
    recorded = term(17, elected_on=None, starts_on=d(2019, 1, 1), first_session_on=d(2019, 3, 1))
    assert terms_flag([recorded], year=2024, as_of=d(2024, 8, 15)) == []
    assert len(terms_flag([recorded], year=2024, as_of=d(2024, 9, 2))) == 1


def test_no_term_recorded_is_not_term_overdue():
    assert terms_flag([], year=2024, as_of=d(2025, 1, 5)) == []


def test_term_overdue_message_names_the_first_session():
    with translation.override("en"):
        [flag] = terms_flag(
            [term(17, elected_on=None, starts_on=d(2018, 3, 1))], year=2024, as_of=d(2025, 1, 5)
        )
        first, r = day_label(d(2018, 3, 1)), day_label(d(2024, 12, 31))
    assert flag.message == (
        f"测试镇第十七届 began with its first session on {first}, more than 5 years and 6 months before {r}"
    )


# --- first-session-late ----------------------------------------------------------------------


def first_late(t, *, year, as_of=None):
    cell = run(town(years=(year,), terms=[t]), year=year, as_of=as_of or d(year + 1, 1, 15))
    return [f for f in cell.flags if f.rule == "first-session-late"]


def test_first_session_within_two_calendar_months_is_in_time_and_a_day_later_is_late():
    assert first_late(term(elected_on=d(2021, 11, 20), starts_on=d(2022, 1, 20)), year=2022) == []
    [flag] = first_late(term(elected_on=d(2021, 11, 20), starts_on=d(2022, 1, 21)), year=2022)
    assert flag.severity == "warning"


def test_first_session_deadline_is_clamped_to_the_end_of_february():
    assert first_late(term(elected_on=d(2021, 12, 31), starts_on=d(2022, 2, 28)), year=2022) == []
    assert len(first_late(term(elected_on=d(2021, 12, 31), starts_on=d(2022, 3, 1)), year=2022)) == 1
    assert first_late(term(elected_on=d(2023, 12, 31), starts_on=d(2024, 2, 29)), year=2024) == []


def test_first_session_late_uses_the_recorded_first_session():
    t = term(elected_on=d(2021, 11, 20), starts_on=d(2021, 12, 28), first_session_on=d(2022, 2, 1))
    [flag] = first_late(t, year=2022)
    with translation.override("en"):
        [flag] = first_late(t, year=2022)
        assert day_label(d(2022, 1, 20)) in flag.message  # the due day
    # It belongs to the year of the first session, not of the election.
    assert first_late(t, year=2021, as_of=d(2022, 1, 5)) == []


def test_first_session_late_needs_the_election_day():
    assert first_late(term(elected_on=None, starts_on=d(2022, 6, 1)), year=2022) == []


def test_first_session_late_cites_the_law_of_its_date():
    with translation.override("en"):
        [new] = first_late(term(elected_on=d(2021, 11, 20), starts_on=d(2022, 3, 11)), year=2022)
        [old] = first_late(term(elected_on=d(2021, 11, 20), starts_on=d(2022, 3, 10)), year=2022)
    assert new.basis == "Organic Law (2022) Art. 20"
    assert old.basis == "Organic Law (2015) Art. 16"


def test_other_rules_apply_to_a_township_that_did_not_exist_all_year():
    late = suggestion(d(2024, 7, 1), replied_on=d(2024, 12, 1))
    cell = run(town(suggestions=[late], sessions=[], established_on=d(2024, 6, 1), terms=()))
    assert codes(cell) == ["suggestion-reply-overdue"]


@pytest.mark.parametrize(("abolished_on", "flagged"), [(d(2024, 6, 30), True), (None, True)])
def test_term_overdue_applies_to_a_township_abolished_during_the_year(abolished_on, flagged):
    # RULES.md: a township that did not exist all year skips only the year-level rules.
    overdue_term = [term(17, elected_on=None, starts_on=d(2019, 1, 1))]
    cell = run(town(terms=overdue_term, sessions=[], abolished_on=abolished_on), as_of=d(2025, 1, 5))
    assert ("term-overdue" in codes(cell)) is flagged
    assert ("annual-session-missing" in codes(cell)) is (abolished_on is None)
    # On the other side of the threshold: 5 years and 6 months exactly before Dec 31 is in time.
    in_time = [term(17, elected_on=None, starts_on=d(2019, 6, 30))]
    assert "term-overdue" in codes(run(town(terms=in_time, sessions=[], abolished_on=abolished_on)))
    in_time = [term(17, elected_on=None, starts_on=d(2019, 7, 1))]
    assert "term-overdue" not in codes(run(town(terms=in_time, sessions=[], abolished_on=abolished_on)))


def test_a_first_session_recorded_after_d_is_not_read():
    # The 18th term started Jul 1, 2024; its first session is recorded as held on Sep 1. On Aug 1
    # that session has not opened: none is recorded yet, so the start date stands in and the 18th
    # term is the latest — the 17th (begun 2019) is no longer judged.
    old = term(17, elected_on=None, starts_on=d(2019, 1, 1))
    new = term(18, elected_on=d(2024, 6, 1), starts_on=d(2024, 7, 1), first_session_on=d(2024, 9, 1))
    assert terms_flag([old, new], year=2024, as_of=d(2024, 8, 1)) == []
    # Without a start date before D, the 17th term is still the latest: overdue.
    later = term(18, elected_on=d(2024, 6, 1), starts_on=d(2024, 9, 1), first_session_on=d(2024, 9, 1))
    assert len(terms_flag([old, later], year=2024, as_of=d(2024, 8, 1))) == 1


def test_a_subdistrict_gets_no_other_flags_either():
    late = suggestion(d(2024, 3, 1), replied_on=d(2024, 12, 1))
    cell = run(
        town(
            kind="subdistrict", suggestions=[late], terms=[term(5, elected_on=None, starts_on=d(2010, 1, 1))]
        )
    )
    assert cell.flags == []


def test_each_round_of_handling_is_a_deadline_of_its_own():
    # Round 1 replied late, the deputy was dissatisfied, round 2 (the suggestion now) on time.
    first = SuggestionFacts(
        id=7,
        title="关于修缮村道的建议",
        assigned_on=d(2024, 3, 20),
        is_complex=False,
        replied_on=d(2024, 7, 1),
        due_on=d(2024, 6, 20),
        round=1,
    )
    now = SuggestionFacts(
        id=7,
        title="关于修缮村道的建议",
        assigned_on=d(2024, 7, 10),
        is_complex=False,
        replied_on=d(2024, 9, 1),
        due_on=d(2024, 10, 10),
    )
    [flag] = overdue([first, now])
    assert flag.object["id"] == 7
    with translation.override("en"):
        [flag] = overdue([first, now])
    assert flag.message.startswith("Suggestion “关于修缮村道的建议”, round 1: reply due on")
    assert overdue([now]) == []
