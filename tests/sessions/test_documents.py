"""Documents: judged by their content (not only their name), at most 20 MB, stored through
Django's storage, and served only to users who may see the township — never from a public URL."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sessions import services
from sessions.documents import MAX_SIZE, check_document
from sessions.models import Document
from tests.factories import ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_file(folder: str) -> bytes:
    """A minimal OOXML package: DOCX keeps its parts under word/, XLSX under xl/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("报告.pdf", PDF, "application/pdf"),
        (
            "报告.DOCX",
            office_file("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("决算.xlsx", office_file("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("现场.jpg", JPEG, "image/jpeg"),
        ("现场.jpeg", JPEG, "image/jpeg"),
        ("公告.png", PNG, "image/png"),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(name, content, content_type):
    assert check_document(upload(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.pdf", b"MZ\x90\x00\x03" + b"\x00" * 40, "File: not a PDF, DOCX, XLSX, JPEG or PNG file."),
        ("压缩包.docx", office_file("other"), "File: not a PDF, DOCX, XLSX, JPEG or PNG file."),
        ("坏的.docx", b"PK\x03\x04not really a zip", "File: not a PDF, DOCX, XLSX, JPEG or PNG file."),
        ("文本.pdf", "这是一段文字".encode(), "File: not a PDF, DOCX, XLSX, JPEG or PNG file."),
        ("报告.png", PDF, "File: the content is PDF but the name ends in “.png”."),
        ("报告", PDF, "File: the content is PDF but the name ends in “—”."),
        ("空.pdf", b"", "File: the file is empty."),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_document(upload(name, content))
    assert refused.value.message_dict == {"file": [message]}


def test_files_over_20_mb_are_refused_and_20_mb_is_accepted():
    assert check_document(upload("大.pdf", PDF + b"\x00" * (MAX_SIZE - len(PDF)))).label == "PDF"
    with pytest.raises(ValidationError) as refused:
        check_document(upload("太大.pdf", PDF + b"\x00" * (MAX_SIZE - len(PDF) + 1)))
    assert refused.value.message_dict == {"file": ["File: larger than 20 MB."]}


def test_upload_stores_the_file_under_a_random_name_in_the_storage():
    session = SessionFactory()
    document = services.document_upload(
        session=session, file=upload("政府工作报告.pdf", PDF), acting_user=None
    )
    assert document.title == "政府工作报告"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.file.name.startswith(f"documents/{session.township.code}/{session.pk}/")
    assert "政府工作报告" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.file.storage.open(document.file.name).read() == PDF


def test_a_refused_upload_stores_nothing():
    session = SessionFactory()
    with pytest.raises(ValidationError):
        services.document_upload(
            session=session, file=upload("病毒.pdf", b"MZ" + b"\x00" * 20), acting_user=None
        )
    assert not Document.objects.exists()


def test_a_report_of_another_session_is_refused():
    session = SessionFactory()
    with pytest.raises(ValidationError) as refused:
        services.document_upload(
            session=session, file=upload("a.pdf", PDF), report=ReportFactory(), acting_user=None
        )
    assert list(refused.value.message_dict) == ["report"]


# Through the pages


@pytest.fixture
def uploaded(world):
    """A PDF of a session of T1, the own staff's township."""
    township = world.t1
    session = SessionFactory(term__township=township)
    document = services.document_upload(
        session=session, file=upload("政府工作报告.pdf", PDF), acting_user=None
    )
    return township, session, document


def test_staff_upload_through_the_page_and_bad_content_is_refused_next_to_the_file(client, world, uploaded):
    township, session, _ = uploaded
    client.force_login(world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("sessions:document_upload", args=[township.pk, session.pk])
    response = client.post(url, {"file": upload("伪装.pdf", b"MZ" + b"\x00" * 20), "title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["File: not a PDF, DOCX, XLSX, JPEG or PNG file."]
    response = client.post(url, {"file": upload("照片.png", PNG), "title": "会场照片"})
    assert response.status_code == 302
    assert session.documents.filter(title="会场照片", content_type="image/png").exists()


def test_own_staff_and_county_staff_download_through_access(client, world, uploaded):
    township, _, document = uploaded
    for user in (world.staff, world.county_staff):
        client.force_login(user)
        response = client.get(reverse("sessions:document_download", args=[township.pk, document.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "private" in response["Cache-Control"]


def test_other_townships_and_anonymous_users_cannot_download(client, world, uploaded):
    township, _, document = uploaded
    url = reverse("sessions:document_download", args=[township.pk, document.pk])
    assert client.get(url).status_code == 302  # to the login page
    other = world.t2
    client.force_login(world.other_staff)
    assert client.get(url).status_code == 404
    # Nor by naming their own township with another township's document.
    assert client.get(reverse("sessions:document_download", args=[other.pk, document.pk])).status_code == 404


def test_documents_have_no_public_url(client, world, uploaded, settings):
    _, _, document = uploaded
    client.force_login(world.staff)
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_county_staff_cannot_upload_or_delete(client, world, uploaded):
    township, session, document = uploaded
    client.force_login(world.county_staff)
    response = client.post(
        reverse("sessions:document_upload", args=[township.pk, session.pk]), {"file": upload("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("sessions:document_delete", args=[township.pk, document.pk])).status_code == 403
    )
    assert Document.objects.count() == 1


def test_staff_delete_a_document_and_its_file(client, world, uploaded, django_capture_on_commit_callbacks):
    township, _, document = uploaded
    client.force_login(world.staff)
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sessions:document_delete", args=[township.pk, document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not storage.exists(name)
