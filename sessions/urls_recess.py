"""Between sessions: presidium meetings, inter-session deputy activities, deputies' suggestions,
deputies' records and each session's roll call (included in the "sessions" namespace)."""

from django.urls import path

from sessions.views import recess

T = "townships/<int:township_pk>/"

urlpatterns = [
    path(f"{T}meetings/", recess.meeting_list, name="meeting_list"),
    path(f"{T}meetings/new/", recess.meeting_create, name="meeting_create"),
    path(f"{T}meetings/<int:meeting_pk>/", recess.meeting_detail, name="meeting_detail"),
    path(f"{T}meetings/<int:meeting_pk>/edit/", recess.meeting_edit, name="meeting_edit"),
    path(f"{T}meetings/<int:meeting_pk>/delete/", recess.meeting_delete, name="meeting_delete"),
    path(f"{T}activities/", recess.activity_list, name="activity_list"),
    path(f"{T}activities/new/", recess.activity_create, name="activity_create"),
    path(f"{T}activities/<int:activity_pk>/", recess.activity_detail, name="activity_detail"),
    path(f"{T}activities/<int:activity_pk>/edit/", recess.activity_edit, name="activity_edit"),
    path(f"{T}activities/<int:activity_pk>/delete/", recess.activity_delete, name="activity_delete"),
    path(f"{T}suggestions/", recess.suggestion_list, name="suggestion_list"),
    path(f"{T}suggestions/new/", recess.suggestion_create, name="suggestion_create"),
    path(f"{T}suggestions/<int:suggestion_pk>/", recess.suggestion_detail, name="suggestion_detail"),
    path(f"{T}suggestions/<int:suggestion_pk>/edit/", recess.suggestion_edit, name="suggestion_edit"),
    path(f"{T}suggestions/<int:suggestion_pk>/reply/", recess.suggestion_reply, name="suggestion_reply"),
    path(
        f"{T}suggestions/<int:suggestion_pk>/satisfaction/",
        recess.suggestion_satisfaction,
        name="suggestion_satisfaction",
    ),
    path(f"{T}suggestions/<int:suggestion_pk>/delete/", recess.suggestion_delete, name="suggestion_delete"),
    path(f"{T}deputies/<int:deputy_pk>/record/", recess.deputy_record_view, name="deputy_record"),
    path(f"{T}sessions/<int:session_pk>/attendance/", recess.session_attendance, name="session_attendance"),
]
