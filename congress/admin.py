"""The admin: the system administrator's tool (DESIGN.md: install, import historical records,
manage accounts), in the interface language, with every change kept in the history.

It edits a row's own facts, which the database constraints and model validation check as for
every other writer. What a service derives across rows — a deputy's status and left-office
day from the dated status changes — is shown read-only here and changed in the application,
so that the two never disagree. Foreign keys to large tables are autocompleted: a province
has thousands of townships and a hundred thousand deputies.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from congress.models import County, Deputy, DeputyStatusChange, Membership, PresidiumMember, Term, Township

admin.site.site_header = _("Township congress record: administration")
admin.site.site_title = _("Township congress record")
admin.site.index_title = _("Administration")


class ReadOnlyInline(admin.TabularInline):
    """A list of related rows that are changed elsewhere, each with a link to its own page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TownshipInline(ReadOnlyInline):
    model = Township
    fields = ["code", "name", "kind", "established_on", "abolished_on"]
    readonly_fields = fields


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "city_name", "province_name", "rule_profile", "township_count"]
    list_filter = ["rule_profile", "province_name"]
    search_fields = ["code", "name", "city_name"]
    inlines = [TownshipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(township_count=Count("townships"))

    @admin.display(description=_("townships"), ordering="township_count")
    def township_count(self, county: County) -> int:
        return county.township_count


class TermInline(ReadOnlyInline):
    model = Term
    fields = ["ordinal", "elected_on", "starts_on", "ends_on", "seat_quota"]
    readonly_fields = fields


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "county", "established_on", "abolished_on"]
    list_filter = ["kind", "county"]
    search_fields = ["code", "name"]
    readonly_fields = ["kind"]
    list_select_related = ["county"]
    autocomplete_fields = ["county"]
    inlines = [TermInline]


class DeputyInline(admin.TabularInline):
    model = Deputy
    extra = 0
    fields = [
        "name",
        "gender",
        "ethnicity",
        "birth_year",
        "occupation_group",
        "constituency",
        "took_office_on",
        "status",
        "left_on",
    ]
    readonly_fields = ["status", "left_on"]
    show_change_link = True


class PresidiumMemberInline(admin.TabularInline):
    model = PresidiumMember
    extra = 0
    fields = ["deputy", "role", "since", "until"]
    autocomplete_fields = ["deputy"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "township",
        "ordinal",
        "elected_on",
        "starts_on",
        "ends_on",
        "seat_quota",
        "deputy_count",
    ]
    list_filter = ["township__county"]
    search_fields = ["township__name", "township__code"]
    list_select_related = ["township"]
    autocomplete_fields = ["township"]
    inlines = [PresidiumMemberInline, DeputyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(deputy_count=Count("deputies"))

    @admin.display(description=_("deputies"), ordering="deputy_count")
    def deputy_count(self, term: Term) -> int:
        return term.deputy_count


class DeputyStatusChangeInline(ReadOnlyInline):
    """The deputy's dated status changes: recorded on the deputy's page in the application,
    which keeps the deputy's status and left-office day the latest of them."""

    model = DeputyStatusChange
    fields = ["status", "effective_on", "note", "recorded_at"]
    readonly_fields = fields
    show_change_link = False


class ViewOnlyAdmin(SimpleHistoryAdmin):
    """Rows that only the application writes, through the service that keeps what derives
    from them in step: listed and searchable here, not changed."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeputyStatusChange)
class DeputyStatusChangeAdmin(ViewOnlyAdmin):
    list_display = ["deputy", "status", "effective_on", "note", "recorded_at"]
    list_filter = ["status", "deputy__term__township__county"]
    search_fields = ["deputy__name", "deputy__term__township__name", "note"]
    list_select_related = ["deputy"]
    date_hierarchy = "effective_on"


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "term",
        "gender",
        "ethnicity",
        "occupation_group",
        "constituency",
        "status",
        "took_office_on",
        "left_on",
    ]
    list_filter = ["status", "gender", "occupation_group", "term__township__county"]
    search_fields = ["name", "constituency", "term__township__name", "term__township__code"]
    list_select_related = ["term__township"]
    readonly_fields = ["status", "left_on"]
    autocomplete_fields = ["term"]
    inlines = [DeputyStatusChangeInline]


@admin.register(PresidiumMember)
class PresidiumMemberAdmin(SimpleHistoryAdmin):
    list_display = ["deputy", "role", "term", "since", "until"]
    list_filter = ["role", "term__township__county"]
    search_fields = ["deputy__name", "term__township__name"]
    list_select_related = ["deputy", "term__township"]
    autocomplete_fields = ["term", "deputy"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "county"]
    list_filter = ["role", "county"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "county"]
    autocomplete_fields = ["user", "county", "townships"]
