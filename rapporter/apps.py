from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapporterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapporter"
    verbose_name = _("Rapporter")

    def ready(self):
        from core.exports import exported
        from core.kpis import counted_records_changed

        from .services.exports import record_export
        from .services.figures import figures_mark_stale

        exported.connect(record_export, dispatch_uid="rapporter_record_export")
        # The stored KPI figures are marked stale and refreshed when a counted record changes.
        counted_records_changed.connect(figures_mark_stale, dispatch_uid="rapporter_figures_mark_stale")
