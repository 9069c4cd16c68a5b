"""The getters of sessions' kinds, one per kind (zulip's `access_*`): a view's only way to fetch
a session, a meeting, a suggestion… a user asked for.

The rule they keep lives in congress.access: `township_view` has resolved `request.township`
through the user's scope, and `in_township` answers 404 for an object of any other township.
These getters live here and not in congress/access.py only because congress imports nothing
above it; each names its queryset (what its pages need joined) and its path to the township.
"""

from __future__ import annotations

from django.http import HttpRequest

from congress.access import in_township
from sessions import selectors
from sessions.models import (
    AgendaItem,
    DeputyActivity,
    Document,
    Election,
    PresidiumMeeting,
    Session,
    Suggestion,
)


def access_session(request: HttpRequest, pk) -> Session:
    session = in_township(request, selectors.session_queryset(township=request.township), pk)
    session.short_name = selectors.short_name(session)  # for the sessions' breadcrumbs
    return session


def access_agenda_item(request: HttpRequest, session: Session, pk) -> AgendaItem:
    return in_township(request, AgendaItem.objects.filter(session=session), pk, via="session__township")


def access_election(request: HttpRequest, session: Session, pk) -> Election:
    return in_township(request, Election.objects.filter(session=session), pk, via="session__township")


def access_document(request: HttpRequest, pk) -> Document:
    return in_township(request, Document.objects.select_related("session"), pk, via="session__township")


def access_meeting(request: HttpRequest, pk) -> PresidiumMeeting:
    return in_township(request, PresidiumMeeting.objects.all(), pk)


def access_activity(request: HttpRequest, pk) -> DeputyActivity:
    return in_township(request, DeputyActivity.objects.all(), pk)


def access_suggestion(request: HttpRequest, pk) -> Suggestion:
    return in_township(
        request,
        Suggestion.objects.select_related(
            "lead_deputy",
            "session__term__township",
            "handling_report_session__term__township",
            "township__county",
        ),
        pk,
    )
