"""Terms, deputies and the presidium of one township (namespace "roster"), included under
townships/<int:township_pk>/ by config.urls."""

from django.urls import path

from congress import roster

app_name = "roster"

urlpatterns = [
    path("terms/", roster.term_list, name="term_list"),
    path("terms/new/", roster.term_create, name="term_create"),
    path("terms/<int:term_pk>/", roster.term_detail, name="term_detail"),
    path("terms/<int:term_pk>/edit/", roster.term_edit, name="term_edit"),
    path("terms/<int:term_pk>/deputies/new/", roster.deputy_create, name="deputy_create"),
    path("terms/<int:term_pk>/presidium/new/", roster.presidium_member_add, name="presidium_member_add"),
    path("deputies/<int:deputy_pk>/", roster.deputy_detail, name="deputy_detail"),
    path("deputies/<int:deputy_pk>/edit/", roster.deputy_edit, name="deputy_edit"),
    path("deputies/<int:deputy_pk>/status/", roster.deputy_status_change, name="deputy_status_change"),
    path("presidium/<int:member_pk>/edit/", roster.presidium_member_edit, name="presidium_member_edit"),
]
