from django.urls import path

from sessions.views import home, sittings

SESSION = "townships/<int:township_pk>/sessions/<int:session_pk>/"

urlpatterns = [
    path("townships/<int:township_pk>/", home.township_home, name="township_home"),
    # Sessions: the list, the form, the page, the dossier, the history.
    path("townships/<int:township_pk>/sessions/", sittings.session_list, name="session_list"),
    path("townships/<int:township_pk>/sessions/new/", sittings.session_create, name="session_create"),
    path(
        "townships/<int:township_pk>/sessions/roster-count/",
        sittings.session_roster_count,
        name="session_roster_count",
    ),
    path(SESSION, sittings.session_detail, name="session_detail"),
    path(SESSION + "edit/", sittings.session_edit, name="session_edit"),
    path(SESSION + "delete/", sittings.session_delete, name="session_delete"),
    path(SESSION + "dossier/", sittings.session_dossier, name="session_dossier"),
    path(SESSION + "history/", sittings.session_history, name="session_history"),
    # What the session did: agenda (htmx), reports, resolutions, elections.
    path(SESSION + "agenda/", sittings.agenda_item_add, name="agenda_item_add"),
    path(SESSION + "agenda/<int:item_pk>/move/", sittings.agenda_item_move, name="agenda_item_move"),
    path(SESSION + "agenda/<int:item_pk>/delete/", sittings.agenda_item_delete, name="agenda_item_delete"),
    path(SESSION + "reports/", sittings.session_reports, name="session_reports"),
    path(SESSION + "resolutions/", sittings.session_resolutions, name="session_resolutions"),
    path(SESSION + "elections/new/", sittings.election_create, name="election_create"),
    path(SESSION + "elections/<int:election_pk>/", sittings.election_edit, name="election_edit"),
    path(SESSION + "elections/<int:election_pk>/delete/", sittings.election_delete, name="election_delete"),
    # Documents: uploaded to a session, served only through access.
    path(SESSION + "documents/", sittings.document_upload, name="document_upload"),
    path(
        "townships/<int:township_pk>/documents/<int:document_pk>/",
        sittings.document_download,
        name="document_download",
    ),
    path(
        "townships/<int:township_pk>/documents/<int:document_pk>/delete/",
        sittings.document_delete,
        name="document_delete",
    ),
]
