from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentvaerkstedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talentvaerksted"
    verbose_name = _("Talentværksted")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import CV, Attendance, Course, CourseSession, CVExperience, CVReference, Enrollment

        auditlog.register(Course, m2m_fields={"leaders"}, exclude_fields=["created_at", "updated_at"])
        auditlog.register(CourseSession)
        # Records that belong to a young person carry the youth id (get_additional_data),
        # so they appear in that young person's audit trail.
        auditlog.register(Enrollment, exclude_fields=["created_at", "updated_at"])
        auditlog.register(Attendance, exclude_fields=["updated_at"])
        auditlog.register(CV, exclude_fields=["created_at", "updated_at"])
        auditlog.register(CVExperience)
        auditlog.register(CVReference)
