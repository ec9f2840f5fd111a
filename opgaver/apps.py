from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_rules_after_migrate(sender, using="default", **kwargs) -> None:
    """A row for every rule in code, so the admin can switch it before its first run."""
    from django.db import connections
    from django.utils import timezone

    from . import services
    from .models import ReminderRule

    if ReminderRule._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before this app's tables
    services.reminder_rules_sync(today=timezone.localdate())


class OpgaverConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "opgaver"
    verbose_name = _("Opgaver og påmindelser")

    def ready(self):
        from auditlog.registry import auditlog

        from . import registry
        from .models import Delivery, Task

        auditlog.register(Task, exclude_fields=["created_at"])
        # The message text stays in the send log itself, not copied into the audit trail.
        auditlog.register(Delivery, exclude_fields=["created_at", "body_text", "body_html", "claimed_at"])
        # Rules live in code, in each app's reminders.py; the admin's switches are rows made from them.
        registry.autodiscover()
        # Whom a message from the case may go to: each app's messaging.py (opgaver/messaging.py).
        from . import messaging

        messaging.autodiscover()
        post_migrate.connect(sync_rules_after_migrate, sender=self, dispatch_uid="opgaver_sync_rules")
