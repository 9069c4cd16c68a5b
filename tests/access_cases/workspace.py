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


def _session(w):
    return {"township_pk": w.t1.pk, "session_pk": w.session.pk}


def _agenda_item(w):
    return {"township_pk": w.t1.pk, "session_pk": w.session.pk, "item_pk": w.agenda_item.pk}


def _election(w):
    return {"township_pk": w.t1.pk, "session_pk": w.session.pk, "election_pk": w.election.pk}


def _document(w):
    return {"township_pk": w.t1.pk, "document_pk": w.document.pk}


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
    # Sessions (helper W1): list, form, page, dossier, history.
    Case("sessions:session_list", _township, "get", TOWNSHIP_READ),
    Case(
        "sessions:session_list",
        _township,
        "get",
        TOWNSHIP_READ,
        query="?year=2024&page=1",
        id="sessions-by-year",
    ),
    Case("sessions:session_create", _township, "get", OWN_WRITE),
    Case("sessions:session_create", _township, "post", OWN_WRITE),
    Case(
        "sessions:session_roster_count",
        _township,
        "get",
        TOWNSHIP_READ,
        query="?opens_on=2024-03-05",
        htmx=True,
    ),
    Case("sessions:session_detail", _session, "get", TOWNSHIP_READ),
    Case("sessions:session_edit", _session, "get", OWN_WRITE),
    Case("sessions:session_edit", _session, "post", OWN_WRITE),
    Case("sessions:session_delete", _session, "get", OWN_WRITE),
    Case("sessions:session_delete", _session, "post", OWN_WRITE_POST),
    Case("sessions:session_dossier", _session, "get", TOWNSHIP_READ),
    Case("sessions:session_history", _session, "get", TOWNSHIP_READ),
    # The agenda in place (htmx fragments; without htmx a redirect to the page).
    Case("sessions:agenda_item_add", _session, "post", OWN_WRITE, htmx=True),
    Case(
        "sessions:agenda_item_add",
        _session,
        "post",
        OWN_WRITE_POST,
        data=lambda w: {"agenda-title": "选举镇长", "agenda-kind": "election"},
        id="sessions:agenda_item_add:valid",
    ),
    Case(
        "sessions:agenda_item_move",
        _agenda_item,
        "post",
        OWN_WRITE,
        htmx=True,
        data=lambda w: {"direction": "up"},
    ),
    Case("sessions:agenda_item_delete", _agenda_item, "post", OWN_WRITE_POST),
    # Reports, resolutions, elections.
    Case("sessions:session_reports", _session, "get", OWN_WRITE),
    Case("sessions:session_reports", _session, "post", OWN_WRITE),
    Case("sessions:session_resolutions", _session, "get", OWN_WRITE),
    Case("sessions:session_resolutions", _session, "post", OWN_WRITE),
    Case("sessions:election_create", _session, "get", OWN_WRITE),
    Case("sessions:election_create", _session, "post", OWN_WRITE),
    Case("sessions:election_edit", _election, "get", OWN_WRITE),
    Case("sessions:election_edit", _election, "post", OWN_WRITE),
    Case("sessions:election_delete", _election, "get", OWN_WRITE),
    Case("sessions:election_delete", _election, "post", OWN_WRITE_POST),
    # Documents: served only through access, never from a public URL.
    Case("sessions:document_upload", _session, "get", OWN_WRITE),
    Case("sessions:document_upload", _session, "post", OWN_WRITE),
    Case("sessions:document_download", _document, "get", TOWNSHIP_READ),
    Case("sessions:document_delete", _document, "post", OWN_WRITE_POST),
]
