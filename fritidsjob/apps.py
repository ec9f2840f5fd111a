from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FritidsjobConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fritidsjob"
    verbose_name = _("Unge og sager")

    def ready(self):
        from . import audit, roles

        audit.register_models()
        # Groups and their permissions are defined in code (roles.py) and
        # brought up to date after every migrate, so a fresh database and an
        # upgraded one end up with the same role matrix.
        post_migrate.connect(roles.sync_groups_after_migrate, dispatch_uid="fritidsjob_sync_groups")
