"""Root URLs. Every view needs a login (LoginRequiredMiddleware) except login and health."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from congress import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("townships/<int:township_pk>/", include("congress.urls_roster")),
    path("county/manage/", include("congress.urls_county")),
    path("", include("sessions.urls")),
    path("", include("oversight.urls")),
]

if settings.DEBUG:
    # Error pages at their own addresses while developing, to look at them.
    from django.views import defaults

    urlpatterns += [
        path("_errors/404/", defaults.page_not_found, {"exception": Exception()}),
        path("_errors/500/", defaults.server_error),
    ]
