"""Request limits (issue 11, finding 4): more fields or more text than the largest real form
is refused with the Chinese 400 page before any view reads it; the largest real form passes."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports_url(client, world):
    client.force_login(world.staff)
    session = SessionFactory(term__township=world.t1)
    return reverse("sessions:session_reports", args=[world.t1.pk, session.pk])


def management(count: int) -> dict:
    return {"reports-TOTAL_FORMS": str(count), "reports-INITIAL_FORMS": "0"}


def test_the_limits_are_sized_for_real_use():
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024


def test_too_many_fields_are_refused_with_the_chinese_400_page(client, reports_url):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    # The management form's two fields and padding up to the limit pass; one more is refused.
    at_limit = management(0) | {f"x{i}": "" for i in range(limit - 2)}
    assert client.post(reports_url, at_limit).status_code == 302
    response = client.post(reports_url, at_limit | {"one_more": ""})
    assert response.status_code == 400
    assert "请求格式有误或过大" in response.text


def test_too_much_text_is_refused_with_the_chinese_400_page(client, reports_url):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    padding = "x" * (limit - 200)
    assert client.post(reports_url, management(0) | {"x": padding}).status_code == 302
    response = client.post(reports_url, management(0) | {"x": padding + "x" * 400})
    assert response.status_code == 400
    assert "请求格式有误或过大" in response.text
