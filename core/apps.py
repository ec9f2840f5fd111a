from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Fælles grundlag")

    def ready(self):
        # Each app declares what it adds to the shared pages, and its KPIs, in modules of these names.
        autodiscover_modules(
            "menu",
            "panels",
            "today",
            "agenda",
            "search",
            "timeline",
            "industry_guides",
            "kpis",
            "jobs",
            "sharing",
            "anonymisers",
            "retention",
            "personal_data",
        )
        from .kpis import connect_counted_signals

        connect_counted_signals()
