from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Tooling, not domain: the demo county and the national-scale benchmark. The domain apps
    never import it."""

    name = "demo"
    verbose_name = _("Demo data and benchmarks")
