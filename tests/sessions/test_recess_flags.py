"""The rule engine reads exactly what the pages between sessions record: a flag appears or
clears as soon as an activity, a presidium meeting or a reply is recorded through the services,
and each rule is tested on both sides of its threshold (RULES.md)."""

import datetime

import pytest

from congress.models import RuleProfile, Township
from oversight.selectors import compliance
from sessions import services_recess as services
from sessions.models import Satisfaction
from tests.factories import CountyFactory, DeputyFactory, TermFactory, TownshipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CLOSED = D(2025, 1, 15)  # 2024 is a closed year on this day


def flags(township: Township, rule: str, *, year: int = 2024, as_of: datetime.date = CLOSED) -> list:
    [cell] = compliance(townships=Township.objects.filter(pk=township.pk), years=[year], as_of=as_of)
    return [f for f in cell.flags if f.rule == rule]


@pytest.fixture
def township():
    return TownshipFactory()


def activity(township, held_on, kind="inspection", **kwargs):
    return services.deputy_activity_create(
        township=township, held_on=held_on, kind=kind, topic="活动", acting_user=None, **kwargs
    )


# few-recess-activities ---------------------------------------------------------------------


def test_one_activity_short_of_the_minimum_is_flagged_and_the_flag_clears_when_the_next_is_recorded(township):
    activity(township, D(2024, 5, 1))
    [flag] = flags(township, "few-recess-activities")
    assert "1" in flag.message and "2" in flag.message
    activity(township, D(2024, 9, 1), kind="research")
    assert flags(township, "few-recess-activities") == []


def test_training_does_not_count_toward_the_minimum(township):
    activity(township, D(2024, 5, 1))
    activity(township, D(2024, 6, 1), kind="training")
    assert len(flags(township, "few-recess-activities")) == 1


def test_an_activity_in_another_year_does_not_count(township):
    activity(township, D(2024, 5, 1))
    activity(township, D(2023, 12, 31))
    assert len(flags(township, "few-recess-activities")) == 1


def test_a_zhejiang_county_needs_three_activities():
    township = TownshipFactory(county=CountyFactory(rule_profile=RuleProfile.ZHEJIANG))
    for month in (3, 6):
        activity(township, D(2024, month, 1))
    assert len(flags(township, "few-recess-activities")) == 1
    activity(township, D(2024, 9, 1), kind="voter_contact")
    assert flags(township, "few-recess-activities") == []


def test_moving_an_activity_into_the_year_through_its_edit_clears_the_flag(township):
    activity(township, D(2024, 5, 1))
    moved = activity(township, D(2023, 12, 20))
    assert len(flags(township, "few-recess-activities")) == 1
    services.deputy_activity_update(
        township=township,
        held_on=D(2024, 1, 20),
        kind="inspection",
        topic="活动",
        activity=moved,
        version=moved.version,
        acting_user=None,
    )
    assert flags(township, "few-recess-activities") == []


# no-specific-issue-report ------------------------------------------------------------------


def test_a_specific_issue_report_hearing_clears_no_specific_issue_report(township):
    activity(township, D(2024, 5, 1), kind="inspection")
    assert len(flags(township, "no-specific-issue-report")) == 1
    activity(township, D(2024, 10, 1), kind="specific_issue_hearing")
    assert flags(township, "no-specific-issue-report") == []


def test_deleting_the_only_hearing_brings_the_flag_back(township):
    hearing = activity(township, D(2024, 10, 1), kind="specific_issue_hearing")
    assert flags(township, "no-specific-issue-report") == []
    services.deputy_activity_delete(activity=hearing, acting_user=None)
    assert len(flags(township, "no-specific-issue-report")) == 1


# presidium-meeting-gap (Zhejiang: at most 92 days) -----------------------------------------


@pytest.fixture
def zhejiang():
    return TownshipFactory(county=CountyFactory(rule_profile=RuleProfile.ZHEJIANG))


def meeting(township, held_on):
    return services.presidium_meeting_create(
        township=township, held_on=held_on, topics="议程", acting_user=None
    )


def test_gaps_of_exactly_92_days_are_within_the_zhejiang_interval(zhejiang):
    # Jan 1 → Apr 2 → Jul 3 → Oct 3: 92 days each; Oct 3 → Dec 31: 89.
    for day in (D(2024, 4, 2), D(2024, 7, 3), D(2024, 10, 3)):
        meeting(zhejiang, day)
    assert flags(zhejiang, "presidium-meeting-gap") == []


def test_a_gap_of_93_days_is_flagged_and_a_meeting_recorded_in_between_clears_it(zhejiang):
    for day in (D(2024, 4, 3), D(2024, 7, 3), D(2024, 10, 3)):  # Jan 1 → Apr 3: 93 days
        meeting(zhejiang, day)
    [flag] = flags(zhejiang, "presidium-meeting-gap")
    assert "93" in flag.message
    meeting(zhejiang, D(2024, 2, 1))
    assert flags(zhejiang, "presidium-meeting-gap") == []


def test_the_gap_to_the_end_of_the_year_counts(zhejiang):
    for day in (D(2024, 3, 1), D(2024, 6, 1), D(2024, 8, 31)):  # Aug 31 → Dec 31: 122 days
        meeting(zhejiang, day)
    assert len(flags(zhejiang, "presidium-meeting-gap")) == 1
    meeting(zhejiang, D(2024, 11, 20))
    assert flags(zhejiang, "presidium-meeting-gap") == []


def test_the_national_profile_sets_no_interval(township):
    meeting(township, D(2024, 12, 1))
    assert flags(township, "presidium-meeting-gap") == []


# suggestion-reply-overdue ------------------------------------------------------------------


@pytest.fixture
def assigned(township):
    """Assigned 2024-03-20 under the national profile: due 2024-06-20."""
    term = TermFactory(township=township, starts_on=D(2021, 12, 28))
    return services.suggestion_create(
        township=township,
        submitted_on=D(2024, 3, 5),
        lead_deputy=DeputyFactory(term=term),
        title="关于修缮村道的建议",
        handling_unit="镇交通办",
        assigned_on=D(2024, 3, 20),
        acting_user=None,
    )


def test_a_reply_on_the_due_day_is_on_time(township, assigned):
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 6, 20), outcome="solved", acting_user=None
    )
    assert flags(township, "suggestion-reply-overdue") == []


def test_a_reply_the_day_after_the_due_day_is_flagged_as_soon_as_it_is_recorded(township, assigned):
    assert flags(township, "suggestion-reply-overdue", as_of=D(2024, 6, 20)) == []
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 6, 21), outcome="solved", acting_user=None
    )
    [flag] = flags(township, "suggestion-reply-overdue")
    assert flag.object["id"] == assigned.pk
    assert "关于修缮村道的建议" in flag.message


def test_an_unanswered_suggestion_is_flagged_the_day_after_the_due_day(township, assigned):
    assert flags(township, "suggestion-reply-overdue", as_of=D(2024, 6, 20)) == []
    assert len(flags(township, "suggestion-reply-overdue", as_of=D(2024, 6, 21))) == 1


def test_correcting_the_reply_date_clears_the_flag(township, assigned):
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 7, 1), outcome="solved", acting_user=None
    )
    assert len(flags(township, "suggestion-reply-overdue")) == 1
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 6, 15), outcome="solved", acting_user=None
    )
    assert flags(township, "suggestion-reply-overdue") == []


def test_the_flag_belongs_to_the_year_of_the_due_day(township):
    term = TermFactory(township=township, starts_on=D(2021, 12, 28))
    late = services.suggestion_create(
        township=township,
        submitted_on=D(2024, 11, 1),
        lead_deputy=DeputyFactory(term=term),
        title="跨年建议",
        handling_unit="镇民政办",
        assigned_on=D(2024, 11, 30),  # due 2025-02-28
        acting_user=None,
    )
    assert late.due_on == D(2025, 2, 28)
    services.suggestion_reply_record(
        suggestion=late, replied_on=D(2025, 3, 1), outcome="planned", acting_user=None
    )
    assert flags(township, "suggestion-reply-overdue", year=2024, as_of=D(2025, 6, 1)) == []
    assert len(flags(township, "suggestion-reply-overdue", year=2025, as_of=D(2025, 6, 1))) == 1


def test_a_late_reply_stays_flagged_after_the_dissatisfied_deputy_reopens_the_suggestion(township, assigned):
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 7, 1), outcome="explained", acting_user=None
    )
    services.suggestion_satisfaction_record(
        suggestion=assigned,
        satisfaction=Satisfaction.DISSATISFIED,
        reassigned_on=D(2024, 7, 10),
        acting_user=None,
    )  # the new round is due 2024-10-10
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 10, 10), outcome="solved", acting_user=None
    )
    [flag] = flags(township, "suggestion-reply-overdue")
    assert "2024" in flag.message and flag.object["id"] == assigned.pk


def test_the_reopened_round_is_flagged_when_its_own_deadline_passes(township, assigned):
    services.suggestion_reply_record(
        suggestion=assigned, replied_on=D(2024, 6, 1), outcome="explained", acting_user=None
    )
    services.suggestion_satisfaction_record(
        suggestion=assigned,
        satisfaction=Satisfaction.DISSATISFIED,
        reassigned_on=D(2024, 7, 10),
        acting_user=None,
    )
    assert flags(township, "suggestion-reply-overdue", as_of=D(2024, 10, 10)) == []
    assert len(flags(township, "suggestion-reply-overdue", as_of=D(2024, 10, 11))) == 1
