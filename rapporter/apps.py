from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapporterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapporter"
    verbose_name = _("Rapporter")

    def ready(self):
        from core.exports import exported

        from .services.exports import record_export

        exported.connect(record_export, dispatch_uid="rapporter_record_export")
