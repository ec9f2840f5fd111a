from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentorer"
    verbose_name = _("Erhvervsmentorer")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Mentor, MentorRelationship, MentorSession

        auditlog.register(Mentor, m2m_fields={"industries"}, exclude_fields=["created_at", "updated_at"])
        # Records that belong to a young person carry the youth id (get_additional_data),
        # so they appear in that young person's audit trail.
        auditlog.register(MentorRelationship, exclude_fields=["created_at"])
        auditlog.register(MentorSession, exclude_fields=["created_at"])
