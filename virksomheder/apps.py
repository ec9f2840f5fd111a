from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VirksomhederConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "virksomheder"
    verbose_name = _("Virksomheder")
