from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VirksomhederConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "virksomheder"
    verbose_name = _("Virksomheder")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            Company,
            ContactPerson,
            FollowUp,
            Guidance,
            JobOpening,
            Match,
            NetworkMeeting,
            NetworkMeetingSignup,
            Placement,
            ProgrammeText,
        )

        auditlog.register(Company, exclude_fields=["created_at", "updated_at"])
        auditlog.register(ContactPerson, exclude_fields=["created_at"])
        auditlog.register(Guidance, exclude_fields=["created_at"])
        auditlog.register(NetworkMeeting, m2m_fields={"companies"}, exclude_fields=["created_at"])
        auditlog.register(NetworkMeetingSignup)
        auditlog.register(ProgrammeText, exclude_fields=["updated_at"])
        auditlog.register(JobOpening, exclude_fields=["created_at", "updated_at"])
        # Records about a young person carry the youth id (get_additional_data),
        # so they appear in that young person's audit trail.
        auditlog.register(Match, exclude_fields=["created_at", "updated_at"])
        auditlog.register(Placement, exclude_fields=["created_at", "updated_at", "six_months_on"])
        auditlog.register(FollowUp, exclude_fields=["created_at"])
