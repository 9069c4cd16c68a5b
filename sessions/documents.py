"""What a session's document may be: PDF, DOCX, XLSX, JPEG or PNG — judged by its content,
not only by its name — and no larger than 20 MB.

A file's name is what the user typed; its first bytes are what it is. Both must agree, so a
program renamed to 报告.pdf is refused, and so is a PDF named 报告.png.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 20 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = Kind("PDF", "application/pdf", (".pdf",))
DOCX = Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = Kind("PNG", "image/png", (".png",))
KINDS = (PDF, DOCX, XLSX, JPEG, PNG)
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)


def sniff(file: File) -> Kind | None:
    """The kind of a file by its magic bytes (and, for a zip, its entries); None if unknown."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if any(name.startswith("word/") for name in names):
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return XLSX
    return None


def check_document(file: File) -> Kind:
    """The file's kind, or a ValidationError on the `file` field saying why it is refused."""
    if file.size is not None and file.size > MAX_SIZE:
        raise ValidationError(
            {"file": _("File: larger than 20 MB.")},
            code="too_large",
        )
    if not file.size:
        raise ValidationError({"file": _("File: the file is empty.")}, code="empty")
    kind = sniff(file)
    if kind is None:
        raise ValidationError(
            {"file": _("File: not a PDF, DOCX, XLSX, JPEG or PNG file.")},
            code="bad_content",
        )
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in kind.extensions:
        raise ValidationError(
            {
                "file": _("File: the content is %(kind)s but the name ends in “%(extension)s”.")
                % {"kind": kind.label, "extension": extension or "—"}
            },
            code="name_mismatch",
        )
    return kind
