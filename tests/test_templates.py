"""The templates' conventions (docs/contributing.md, "Templates"): one partial for each shared
piece of markup, in templates/_partials/, included with explicit arguments; names per STYLE.md
item 7."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ALL = sorted(TEMPLATES.rglob("*.html"))
SHARED = ("pagination", "form_errors", "list_header", "list_empty", "year_pills", "history")


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("marker", "partial"),
    [
        ('class="pagination', "_partials/pagination.html"),
        ("correct the fields marked below", "_partials/form_errors.html"),
        ('<h2 class="h5 mb-0">', "_partials/list_header.html"),
    ],
)
def test_shared_markup_is_written_once(marker, partial):
    holders = [str(p.relative_to(TEMPLATES)) for p in ALL if marker in _source(p)]
    assert holders == [partial]


def test_shared_partials_are_included_with_explicit_arguments():
    includes = [
        (str(p.relative_to(TEMPLATES)), tag)
        for p in ALL
        for tag in re.findall(
            r"\{% include \"_partials/(?:" + "|".join(SHARED) + r")\.html\".*?%\}", _source(p)
        )
    ]
    assert includes
    assert [(name, tag) for name, tag in includes if not tag.endswith(" only %}")] == []


def test_template_names_follow_the_convention():
    """templates/<app>/<noun>_<view>.html; fragments start with "_"; shared pieces in _partials/."""
    top = {"base.html", "400.html", "403.html", "403_csrf.html", "404.html", "429.html", "500.html"}
    wrong = []
    for path in ALL:
        relative = path.relative_to(TEMPLATES)
        if len(relative.parts) == 1:
            ok = relative.name in top
        elif relative.parts[0] in ("admin", "registration"):  # Django's own names
            ok = True
        elif relative.parts[0] == "_partials":
            ok = re.fullmatch(r"[a-z]+(_[a-z]+)*\.html", relative.name) is not None
        else:
            ok = (
                len(relative.parts) == 2
                and re.fullmatch(r"(_[a-z]+|[a-z]+(_[a-z]+)+)(_[a-z]+)*\.html", relative.name) is not None
            )
        if not ok:
            wrong.append(str(relative))
    assert wrong == []


def test_pagination_keeps_the_filter_and_replaces_the_page():
    page = Paginator(range(45), 20).get_page(2)
    html = render_to_string(
        "_partials/pagination.html", {"page": page, "params": QueryDict("year=2024&q=a b&page=2")}
    )
    assert 'href="?year=2024&amp;q=a%20b&amp;page=1"' in html
    assert 'href="?year=2024&amp;q=a%20b&amp;page=3"' in html


def test_pagination_is_absent_on_a_single_page():
    page = Paginator(range(20), 20).get_page(1)
    assert render_to_string("_partials/pagination.html", {"page": page, "params": QueryDict()}).strip() == ""


def test_the_agenda_fragment_is_the_session_page_s_own_partial():
    """django-template-partials: the htmx answer and the page share one definition."""
    assert not (TEMPLATES / "sessions/_session_agenda.html").exists()
    html = render_to_string(
        "sessions/session_detail.html#agenda", {"agenda": [], "can_write": False, "session": None}
    )
    assert html.lstrip().startswith('<div id="agenda"')
