from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    # "sessions" is django.contrib.sessions' label.
    name = "sessions"
    label = "congress_sessions"
    verbose_name = _("Congress work")
    default_auto_field = "django.db.models.BigAutoField"
