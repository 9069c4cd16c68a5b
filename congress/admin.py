from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from congress.models import County, Deputy, DeputyStatusChange, Membership, PresidiumMember, Term, Township

admin.site.site_header = _("Township congress record: administration")
admin.site.site_title = _("Township congress record")
admin.site.index_title = _("Administration")


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "city_name", "province_name", "rule_profile"]
    list_filter = ["rule_profile", "province_name"]
    search_fields = ["code", "name"]


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "county", "established_on", "abolished_on"]
    list_filter = ["kind", "county"]
    search_fields = ["code", "name"]
    readonly_fields = ["kind"]
    list_select_related = ["county"]


class DeputyInline(admin.TabularInline):
    model = Deputy
    extra = 0
    fields = ["name", "gender", "ethnicity", "occupation_group", "constituency", "took_office_on"]
    show_change_link = True


class PresidiumMemberInline(admin.TabularInline):
    model = PresidiumMember
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "township", "ordinal", "elected_on", "starts_on", "ends_on", "seat_quota"]
    list_filter = ["township__county"]
    search_fields = ["township__name", "township__code"]
    list_select_related = ["township"]
    inlines = [PresidiumMemberInline, DeputyInline]


class DeputyStatusChangeInline(admin.TabularInline):
    model = DeputyStatusChange
    extra = 0


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "term",
        "gender",
        "ethnicity",
        "occupation_group",
        "status",
        "took_office_on",
        "left_on",
    ]
    list_filter = ["status", "gender", "occupation_group", "term__township__county"]
    search_fields = ["name", "term__township__name"]
    list_select_related = ["term__township"]
    readonly_fields = ["status", "left_on"]
    inlines = [DeputyStatusChangeInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "county"]
    list_filter = ["role", "county"]
    search_fields = ["user__username"]
    filter_horizontal = ["townships"]
