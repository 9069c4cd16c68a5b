from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Townships and deputies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Login logging (signals); the password-change-at-first-login flag (middleware).
        from congress import middleware, signals  # noqa: F401
