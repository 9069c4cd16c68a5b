"""The admin of what a congress does (see congress/admin.py for what the admin is for).

Read-only here, written by the application's services: documents (their type is judged from
their bytes on upload), a session's roll call (it sets the session's present and excused
counts) and a suggestion's earlier rounds of handling (copied when a dissatisfied deputy has
it reopened).
"""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from congress.admin import ReadOnlyInline, ViewOnlyAdmin
from sessions.models import (
    AgendaItem,
    Attendance,
    Candidate,
    DeputyActivity,
    Document,
    Election,
    PresidiumMeeting,
    Report,
    Resolution,
    Session,
    Suggestion,
    SuggestionRound,
)

SESSION_WITH_NAME = "session__term__township"  # what a session's name reads


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "kind"]


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["kind", "title", "presenter", "fiscal_year", "outcome"]
    show_change_link = True


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    fields = ["title", "kind", "present_at_vote", "votes_for", "votes_against", "votes_abstain", "adopted"]
    show_change_link = True


class ElectionInline(admin.TabularInline):
    """The candidates and their votes are on the election's own page."""

    model = Election
    extra = 0
    fields = ["office", "kind", "seats", "ballots_cast"]
    show_change_link = True


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["title", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["deputy", "status"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deputy")


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "status",
        "kind",
        "opens_at",
        "closes_at",
        "deputies_in_office",
        "present",
        "quorum_met",
    ]
    list_filter = ["status", "kind", "township__county"]
    search_fields = ["township__name", "township__code", "venue"]
    date_hierarchy = "opens_at"
    list_select_related = ["term__township"]
    autocomplete_fields = ["term"]
    inlines = [
        AgendaItemInline,
        ReportInline,
        ResolutionInline,
        ElectionInline,
        DocumentInline,
        AttendanceInline,
    ]

    @admin.display(description=_("quorum met"), boolean=True)
    def quorum_met(self, session: Session) -> bool | None:
        return session.quorum_met


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "position", "kind", "session"]
    list_filter = ["kind", "session__township__county"]
    search_fields = ["title", "session__township__name"]
    list_select_related = [SESSION_WITH_NAME]
    autocomplete_fields = ["session"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "fiscal_year", "outcome", "presenter", "session"]
    list_filter = ["kind", "outcome", "session__township__county"]
    search_fields = ["title", "presenter", "session__township__name"]
    list_select_related = [SESSION_WITH_NAME]
    autocomplete_fields = ["session"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "present_at_vote",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "adopted",
        "session",
    ]
    list_filter = ["kind", "adopted", "session__township__county"]
    search_fields = ["title", "session__township__name"]
    list_select_related = [SESSION_WITH_NAME]
    autocomplete_fields = ["session"]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["name", "deputy", "votes", "elected"]
    autocomplete_fields = ["deputy"]


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "seats", "ballots_cast"]
    list_filter = ["office", "kind", "session__township__county"]
    search_fields = ["session__township__name", "candidates__name"]
    list_select_related = [SESSION_WITH_NAME]
    autocomplete_fields = ["session"]
    inlines = [CandidateInline]


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "election", "votes", "elected"]
    list_filter = ["elected", "election__office"]
    search_fields = ["name", "election__session__township__name"]
    list_select_related = ["election"]
    autocomplete_fields = ["election", "deputy"]


@admin.register(Document)
class DocumentAdmin(ViewOnlyAdmin):
    list_display = ["title", "session", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type", "session__township__county"]
    search_fields = ["title", "session__township__name"]
    list_select_related = [SESSION_WITH_NAME, "report", "uploaded_by"]
    date_hierarchy = "uploaded_at"


@admin.register(Attendance)
class AttendanceAdmin(ViewOnlyAdmin):
    list_display = ["deputy", "status", "session"]
    list_filter = ["status", "session__township__county"]
    search_fields = ["deputy__name", "session__township__name"]
    list_select_related = ["deputy", SESSION_WITH_NAME]


@admin.register(PresidiumMeeting)
class PresidiumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "township", "topics_in_brief"]
    list_filter = ["township__county"]
    search_fields = ["topics", "decisions", "township__name"]
    date_hierarchy = "held_on"
    list_select_related = ["township"]
    autocomplete_fields = ["township", "members_present"]

    @admin.display(description=_("topics"))
    def topics_in_brief(self, meeting: PresidiumMeeting) -> str:
        return Truncator(meeting.topics).chars(60)


@admin.register(DeputyActivity)
class DeputyActivityAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "township", "kind", "topic", "feedback_on"]
    list_filter = ["kind", "township__county"]
    search_fields = ["topic", "findings", "township__name"]
    date_hierarchy = "held_on"
    list_select_related = ["township"]
    autocomplete_fields = ["township", "participants"]


class SuggestionRoundInline(ReadOnlyInline):
    model = SuggestionRound
    fields = ["number", "handling_unit", "assigned_on", "due_on", "replied_on", "outcome", "satisfaction"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "township",
        "lead_deputy",
        "handling_unit",
        "assigned_on",
        "due_on",
        "replied_on",
        "outcome",
        "satisfaction",
    ]
    list_filter = ["outcome", "satisfaction", "is_complex", "township__county"]
    search_fields = ["title", "handling_unit", "lead_deputy__name", "township__name"]
    date_hierarchy = "submitted_on"
    list_select_related = ["township", "lead_deputy"]
    autocomplete_fields = ["township", "lead_deputy", "co_signers", "session", "handling_report_session"]
    inlines = [SuggestionRoundInline]


@admin.register(SuggestionRound)
class SuggestionRoundAdmin(ViewOnlyAdmin):
    list_display = [
        "suggestion",
        "number",
        "handling_unit",
        "assigned_on",
        "due_on",
        "replied_on",
        "satisfaction",
    ]
    list_filter = ["satisfaction", "outcome"]
    search_fields = ["suggestion__title", "handling_unit"]
    list_select_related = ["suggestion"]
