from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentorer"
    verbose_name = _("Erhvervsmentorer")
