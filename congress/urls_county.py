"""The county administrator's pages (namespace "county"), included under county/manage/ by
config.urls: the county's townships and the accounts of its staff."""

from django.urls import path

from congress import county_views

app_name = "county"

urlpatterns = [
    path("", county_views.index, name="index"),
    path("<str:county_code>/townships/", county_views.township_list, name="township_list"),
    path("<str:county_code>/townships/new/", county_views.township_add, name="township_add"),
    path(
        "<str:county_code>/townships/<int:township_pk>/edit/",
        county_views.township_edit,
        name="township_edit",
    ),
    path("<str:county_code>/users/", county_views.account_list, name="account_list"),
    path("<str:county_code>/users/new/", county_views.account_create, name="account_create"),
    path("<str:county_code>/users/<int:user_pk>/edit/", county_views.account_edit, name="account_edit"),
    path(
        "<str:county_code>/users/<int:user_pk>/password/",
        county_views.account_password,
        name="account_password",
    ),
    path("<str:county_code>/users/<int:user_pk>/unlock/", county_views.account_unlock, name="account_unlock"),
]
