from django.urls import path

from oversight import api, views

app_name = "oversight"

urlpatterns = [
    path("county/", views.dashboard, name="dashboard"),
    path("api/compliance", api.api_compliance, name="api_compliance"),
    path("county/export/matrix/", views.export_matrix, name="export_matrix"),
    path("county/export/flags/", views.export_flags, name="export_flags"),
    path("county/profiles/", views.profiles, name="profiles"),
    path("county/townships/<int:township_pk>/status/", views.township_status, name="township_status"),
    path("county/townships/<int:township_pk>/<int:year>/", views.township_year, name="township_year"),
    path("county/<str:county_code>/report/<int:year>/", views.year_report_view, name="year_report"),
]
