"""Records for the dashboard's tests: a lawful township-year, an unlawful one, county users."""

import datetime

from congress.models import Role
from sessions.models import ActivityKind, ReportKind
from tests.factories import (
    CountyFactory,
    DeputyActivityFactory,
    DeputyFactory,
    PresidiumMeetingFactory,
    ReportFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

# Closed years in which the factories' term (started 2021-12-28) is in office.
YEAR = 2024
YEARS = [2023, 2024]
AS_OF = datetime.date(2025, 3, 1)


def lawful_year(township, year: int, *, term=None, ordinal: int | None = None):
    """Everything a township congress owes in a year (RULES.md, national profile): two held
    sessions hearing the government, presidium, budget, final accounts and specific-issue
    reports, two recess activities and a presidium meeting. Returns the two sessions."""
    term = term or township.terms.first() or TermFactory(township=township)
    # Numbered after the term's first session (第一次会议, held at the term's start).
    number = ordinal or (year - 2021) * 2
    first = SessionFactory(term=term, ordinal=number, opens_at=aware(year, 3, 5, 8, 30))
    for kind in (
        ReportKind.GOVERNMENT_WORK,
        ReportKind.BUDGET,
        ReportKind.FINAL_ACCOUNTS,
        ReportKind.PRESIDIUM_WORK,
    ):
        ReportFactory(session=first, kind=kind, outcome="approved")
    second = SessionFactory(term=term, ordinal=number + 1, opens_at=aware(year, 8, 20, 8, 30))
    ReportFactory(session=second, kind=ReportKind.SPECIFIC_ISSUE)
    DeputyActivityFactory(township=township, held_on=datetime.date(year, 6, 12), kind=ActivityKind.INSPECTION)
    DeputyActivityFactory(township=township, held_on=datetime.date(year, 9, 1), kind=ActivityKind.RESEARCH)
    PresidiumMeetingFactory(township=township, held_on=datetime.date(year, 2, 20))
    return first, second


def replied_suggestion(township, year: int, *, on_time: bool = True, satisfaction: str = "satisfied"):
    due = datetime.date(year, 6, 20)
    term = township.terms.first() or TermFactory(township=township)
    return SuggestionFactory(
        township=township,
        lead_deputy=DeputyFactory(term=term),
        submitted_on=datetime.date(year, 3, 5),
        assigned_on=datetime.date(year, 3, 20),
        due_on=due,
        replied_on=due if on_time else due + datetime.timedelta(days=1),
        outcome="solved",
        satisfaction=satisfaction,
    )


def county_with_townships(n: int, *, code: str | None = None, **kwargs):
    county = CountyFactory(**({"code": code} if code else {}), **kwargs)
    townships = [TownshipFactory(county=county) for _ in range(n)]
    return county, townships


def county_staff(county, **kwargs):
    return make_user(Role.COUNTY_STAFF, county, **kwargs)


def county_admin(county, **kwargs):
    return make_user(Role.COUNTY_ADMIN, county, **kwargs)


def township_staff(county, townships, **kwargs):
    return make_user(Role.TOWNSHIP_STAFF, county, townships=townships, **kwargs)
