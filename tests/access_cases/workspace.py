"""Access cases of the township workspace: the home page, terms and deputies (roster:*), and
sessions with their documents, dossier and history (sessions:session_*, document_download).
The format is in tests/access_cases/__init__.py.
"""

from tests.access_cases import OWN_WRITE, OWN_WRITE_POST, TOWNSHIP_READ, Case


def _township(w):
    return {"township_pk": w.t1.pk}


def _term(w):
    return {"township_pk": w.t1.pk, "term_pk": w.term.pk}


def _deputy(w):
    return {"township_pk": w.t1.pk, "deputy_pk": w.deputy.pk}


def _member(w):
    return {"township_pk": w.t1.pk, "member_pk": w.presidium_member.pk}


CASES = [
    Case("sessions:township_home", _township, "get", TOWNSHIP_READ),
    # Terms and the roster.
    Case("roster:term_list", _township, "get", TOWNSHIP_READ),
    Case("roster:term_create", _township, "get", OWN_WRITE),
    Case("roster:term_create", _township, "post", OWN_WRITE),
    Case("roster:term_detail", _term, "get", TOWNSHIP_READ),
    Case("roster:term_detail", _term, "get", TOWNSHIP_READ, query="?on=2024-03-05", id="roster-on-a-day"),
    Case("roster:term_edit", _term, "get", OWN_WRITE),
    Case("roster:term_edit", _term, "post", OWN_WRITE),
    # Deputies.
    Case("roster:deputy_create", _term, "get", OWN_WRITE),
    Case("roster:deputy_create", _term, "post", OWN_WRITE),
    Case("roster:deputy_detail", _deputy, "get", TOWNSHIP_READ),
    Case("roster:deputy_edit", _deputy, "get", OWN_WRITE),
    Case("roster:deputy_edit", _deputy, "post", OWN_WRITE),
    Case("roster:deputy_status_change", _deputy, "get", OWN_WRITE),
    Case(
        "roster:deputy_status_change",
        _deputy,
        "post",
        OWN_WRITE_POST,
        data=lambda w: {"status": "resigned", "effective_on": "2024-06-30", "note": ""},
        id="roster:deputy_status_change:valid",
    ),
    # The presidium.
    Case("roster:presidium_member_add", _term, "get", OWN_WRITE),
    Case("roster:presidium_member_add", _term, "post", OWN_WRITE),
    Case("roster:presidium_member_edit", _member, "get", OWN_WRITE),
    Case("roster:presidium_member_edit", _member, "post", OWN_WRITE),
]
