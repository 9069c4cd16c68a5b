"""Root URLs. Every view needs a login (LoginRequiredMiddleware) except login and health."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config import views
from congress import account_views
from congress.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.password_change, name="password_change"),
    path("accounts/otp/", account_views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", account_views.otp_verify, name="otp_verify"),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
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

handler400 = "config.views.bad_request"
