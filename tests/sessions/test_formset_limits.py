"""Every formset takes at most MAX_ROWS rows (issue 11, finding 4): a forged row count
(TOTAL_FORMS=100000) is refused with a Chinese message after building at most MAX_ROWS rows,
where it once built and rendered 2,000 empty rows (13 s a request)."""

import time

import pytest
from django.urls import reverse

from sessions.forms import MAX_ROWS, CandidateFormSet, ReportFormSet, ResolutionFormSet
from sessions.models import Election, Report, Resolution
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

REPORT = {"kind": "government_work", "title": "政府工作报告", "outcome": "approved"}
RESOLUTION = {"title": "关于政府工作报告的决议", "kind": "resolution", "votes_for": "40", "adopted": "on"}
CANDIDATE = {"name": "张三", "votes": "30"}

# (formset, its prefix, a valid row, the keyword arguments of its forms)
FORMSETS = [
    pytest.param(ReportFormSet, "reports", REPORT, {}, id="reports"),
    pytest.param(ResolutionFormSet, "resolutions", RESOLUTION, {"session_present": 40}, id="resolutions"),
    pytest.param(CandidateFormSet, "candidates", CANDIDATE, {"deputies": []}, id="candidates"),
]


def rows_data(prefix: str, row: dict, count: int, total: int | None = None) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(count if total is None else total), f"{prefix}-INITIAL_FORMS": "0"}
    for i in range(count):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


@pytest.mark.parametrize(("formset_class", "prefix", "row", "form_kwargs"), FORMSETS)
def test_a_formset_takes_max_rows_and_refuses_one_more(formset_class, prefix, row, form_kwargs):
    full = formset_class(rows_data(prefix, row, MAX_ROWS), prefix=prefix, form_kwargs=form_kwargs)
    assert full.is_valid(), full.errors
    over = formset_class(rows_data(prefix, row, MAX_ROWS + 1), prefix=prefix, form_kwargs=form_kwargs)
    assert not over.is_valid()
    assert over.non_form_errors() == [f"本页最多 {MAX_ROWS} 行。"]


def _refused_quickly(client, url, data):
    # CPU time, not wall time: a loaded CI machine stretches the latter, not the former.
    started = time.process_time()
    response = client.post(url, data)
    elapsed = time.process_time() - started
    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= MAX_ROWS
    assert f"本页最多 {MAX_ROWS} 行。" in response.text
    assert elapsed < 3  # 13 s before the cap
    return response


@pytest.mark.parametrize(
    ("name", "prefix", "row", "model"),
    [
        ("session_reports", "reports", REPORT, Report),
        ("session_resolutions", "resolutions", RESOLUTION, Resolution),
    ],
)
def test_a_forged_row_count_on_a_rows_page_is_refused_quickly(client, world, name, prefix, row, model):
    session = SessionFactory(term__township=world.t1)
    client.force_login(world.staff)
    url = reverse(f"sessions:{name}", args=[world.t1.pk, session.pk])
    _refused_quickly(client, url, rows_data(prefix, row, 1, total=100_000))
    assert not model.objects.exists()


def test_a_forged_candidate_count_on_the_election_page_is_refused_quickly(client, world):
    session = SessionFactory(term__township=world.t1)
    client.force_login(world.staff)
    url = reverse("sessions:election_create", args=[world.t1.pk, session.pk])
    data = {
        "election-office": "head",
        "election-kind": "uncontested",
        "election-seats": "1",
        "election-ballots_cast": "40",
        **rows_data("candidates", CANDIDATE, 1, total=100_000),
    }
    _refused_quickly(client, url, data)
    assert not Election.objects.exists()
