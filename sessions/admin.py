from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sessions.models import (
    AgendaItem,
    Candidate,
    DeputyActivity,
    Document,
    Election,
    PresidiumMeeting,
    Report,
    Resolution,
    Session,
    Suggestion,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "kind", "opens_at", "closes_at", "deputies_in_office", "present"]
    list_filter = ["status", "kind", "township__county", "township"]
    search_fields = ["township__name", "township__code", "venue"]
    date_hierarchy = "opens_at"
    list_select_related = ["term__township"]
    inlines = [AgendaItemInline, ReportInline, ResolutionInline, DocumentInline]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "seats", "ballots_cast"]
    list_filter = ["office", "kind"]
    list_select_related = ["session__term__township"]
    inlines = [CandidateInline]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "fiscal_year", "outcome", "session"]
    list_filter = ["kind", "outcome"]
    search_fields = ["title"]
    list_select_related = ["session__term__township"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "votes_for", "votes_against", "votes_abstain", "adopted", "session"]
    list_filter = ["kind", "adopted"]
    search_fields = ["title"]
    list_select_related = ["session__term__township"]


@admin.register(AgendaItem, Document, Candidate)
class RecordAdmin(SimpleHistoryAdmin):
    pass


@admin.register(PresidiumMeeting)
class PresidiumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "township", "topics"]
    list_filter = ["township__county", "township"]
    date_hierarchy = "held_on"
    filter_horizontal = ["members_present"]


@admin.register(DeputyActivity)
class DeputyActivityAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "township", "kind", "topic"]
    list_filter = ["kind", "township__county", "township"]
    search_fields = ["topic"]
    date_hierarchy = "held_on"
    filter_horizontal = ["participants"]


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "township",
        "lead_deputy",
        "assigned_on",
        "due_on",
        "replied_on",
        "outcome",
        "satisfaction",
    ]
    list_filter = ["outcome", "satisfaction", "is_complex", "township__county"]
    search_fields = ["title", "handling_unit", "lead_deputy__name"]
    date_hierarchy = "submitted_on"
    filter_horizontal = ["co_signers"]
    raw_id_fields = ["lead_deputy", "session", "handling_report_session"]
