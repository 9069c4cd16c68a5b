"""Issue 9 item 4: the presidium meetings page names the same longest gap as the rule
presidium-meeting-gap — the last of equally long gaps."""

import datetime

import pytest

from sessions.selectors_recess import meeting_year
from tests.factories import PresidiumMeetingFactory, TownshipFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_of_equally_long_gaps_the_page_names_the_last_like_the_rule():
    township = TownshipFactory()
    # Jan 1 → Apr 1 → Jun 30 → Sep 28 → Dec 27: four gaps of 90 days, then 4 days to Dec 31.
    for day in (D(2023, 4, 1), D(2023, 6, 30), D(2023, 9, 28), D(2023, 12, 27)):
        PresidiumMeetingFactory(township=township, held_on=day)
    year = meeting_year(township, 2023, today=D(2024, 6, 1))
    assert (year.longest_gap, year.longest_gap_from, year.longest_gap_to) == (
        90,
        D(2023, 9, 28),
        D(2023, 12, 27),
    )


def test_a_longer_gap_is_named_wherever_it_is():
    township = TownshipFactory()
    for day in (D(2023, 4, 2), D(2023, 6, 30), D(2023, 9, 28), D(2023, 12, 27)):
        PresidiumMeetingFactory(township=township, held_on=day)
    year = meeting_year(township, 2023, today=D(2024, 6, 1))
    assert (year.longest_gap, year.longest_gap_from, year.longest_gap_to) == (
        91,
        D(2023, 1, 1),
        D(2023, 4, 2),
    )
