"""congress.law: each legal definition and its SQL twin agree, over every N from 0 to 200
deputies and every number present or voting around the threshold."""

import datetime

import pytest

from congress import law
from congress.models import Township
from sessions import models as s
from tests.factories import CountyFactory, TermFactory, aware


def _around(threshold: int, deputies: int) -> set[int]:
    return {v for v in range(threshold - 2, threshold + 3) if 0 <= v <= deputies}


@pytest.mark.parametrize(
    ("deputies", "expected"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (45, 30), (46, 31), (47, 32), (53, 36)]
)
def test_quorum_is_two_thirds_rounded_up(deputies, expected):
    assert law.quorum(deputies) == expected


def test_quorum_met_on_both_sides_of_the_threshold():
    assert law.quorum_met(30, 45) and not law.quorum_met(29, 45)
    assert not law.quorum_met(None, 45)


def test_majority_of_all_deputies_is_strictly_more_than_half():
    assert law.majority_of_all_deputies(23, 45) and not law.majority_of_all_deputies(22, 45)
    assert law.majority_of_all_deputies(24, 46) and not law.majority_of_all_deputies(23, 46)
    assert not law.majority_of_all_deputies(None, 45)


def test_counts_as_held_needs_status_held_and_the_quorum():
    assert law.counts_as_held("held", 30, 45)
    assert not law.counts_as_held("held", 29, 45)
    assert not law.counts_as_held("held", None, 45)
    assert not law.counts_as_held("planned", 45, 45)


@pytest.mark.django_db
def test_quorum_majority_and_held_agree_with_their_sql_twins():
    term = TermFactory()
    rows, ordinal = [], 0
    for n in range(201):
        values = {None} | _around(law.quorum(n), n) | _around(n // 2 + 1, n)
        for present in values:
            for status in (s.SessionStatus.HELD, s.SessionStatus.PLANNED):
                ordinal += 1
                rows.append(
                    s.Session(
                        township=term.township,
                        term=term,
                        ordinal=ordinal,
                        status=status,
                        opens_at=aware(2024, 3, 5, 8),
                        deputies_in_office=n,
                        present=present,
                    )
                )
    s.Session.objects.bulk_create(rows)
    sessions = s.Session.objects.filter(term=term)
    # The majority twin is read on `present` standing for the votes: it takes any two fields.
    sql = {
        pk: (quorum, majority, held)
        for pk, quorum, majority, held in sessions.annotate(
            q=law.quorum_met_q(),
            m=law.majority_of_all_deputies_q("present", "deputies_in_office"),
            h=law.counts_as_held_q(),
        ).values_list("pk", "q", "m", "h")
    }
    assert len(sql) == len(rows) > 2000
    for session in sessions:
        n, present = session.deputies_in_office, session.present
        # NULL (present not recorded) reads as not met, as in a filter.
        quorum, majority, held = (bool(v) for v in sql[session.pk])
        assert quorum is law.quorum_met(present, n), (n, present)
        assert majority is law.majority_of_all_deputies(present, n), (n, present)
        assert held is law.counts_as_held(session.status, present, n), (n, present, session.status)
    # And as filters, through a relation prefix.
    held_ids = set(s.Session.objects.filter(law.counts_as_held_q(), term=term).values_list("pk", flat=True))
    assert held_ids == {
        x.pk for x in sessions if law.counts_as_held(x.status, x.present, x.deputies_in_office)
    }
    via_term = set(
        s.Session.objects.filter(term__in=type(term).objects.filter(law.counts_as_held_q("sessions__")))
        .values_list("term_id", flat=True)
        .distinct()
    )
    assert via_term == {term.pk}


@pytest.mark.django_db
def test_existed_all_year_and_in_year_agree_with_their_sql_twins():
    county = CountyFactory()
    edges = [None] + [
        datetime.date(y, m, d) + datetime.timedelta(days=k)
        for y, m, d in [(2023, 1, 1), (2023, 12, 31), (2024, 1, 1), (2024, 12, 31), (2025, 1, 1)]
        for k in (-1, 0, 1)
    ]
    townships = [
        Township(
            county=county, code=f"{county.code}{i:03d}", name=f"试{i}镇", established_on=e, abolished_on=a
        )
        for i, (e, a) in enumerate((e, a) for e in edges for a in edges if e is None or a is None or e <= a)
    ]
    Township.objects.bulk_create(townships)
    for year in (2023, 2024, 2025):
        for python, twin in (
            (law.existed_all_year, law.existed_all_year_q),
            (law.existed_in_year, law.existed_in_year_q),
        ):
            sql = set(Township.objects.filter(twin(year), county=county).values_list("code", flat=True))
            assert sql == {t.code for t in townships if python(t.established_on, t.abolished_on, year)}, (
                year,
                python.__name__,
            )


def test_the_held_status_is_the_sessions_app_one():
    assert law.HELD == s.SessionStatus.HELD
