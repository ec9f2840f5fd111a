from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FritidsjobConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fritidsjob"
    verbose_name = _("Unge og sager")

    def ready(self):
        from auditlog.registry import auditlog

        from . import roles, security, session_limits, sso  # noqa: F401 (sso registers its system check)
        from .models import JournalEntry, Youth

        # Personal data: every write is audited (core/audit.py).
        auditlog.register(
            Youth,
            m2m_fields={"industries_of_interest"},
            exclude_fields=["updated_at", "created_at"],
            # Records that the CPR number changed, never the number itself.
            mask_fields=["cpr_encrypted"],
        )
        auditlog.register(JournalEntry, exclude_fields=["created_at"])
        # Progression answers are the young person's personal data (issue 18).
        from .progression.models import ProgressionAnswer, ProgressionResponse

        auditlog.register(ProgressionResponse, exclude_fields=["created_at"])
        auditlog.register(ProgressionAnswer)
        # The young people's names, for the check that the funder report names nobody.
        from core import person_names

        person_names.register("unge", lambda: Youth.objects.values_list("first_name", "last_name"))
        # Groups and their permissions are defined in code (roles.py) and
        # brought up to date after every migrate, so a fresh database and an
        # upgraded one end up with the same role matrix.
        post_migrate.connect(roles.sync_groups_after_migrate, dispatch_uid="fritidsjob_sync_groups")
        # The security log listens to sign-ins, lockouts, roles and second factors.
        security.connect()
        user_logged_in.connect(session_limits.on_logged_in, dispatch_uid="session_limits_logged_in")
        # At sign-in the session notes whether a second factor is owed (fritidsjob/mfa.py), so that
        # the middleware asks no query on every page.
        from .mfa import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="fritidsjob_second_factor_state")
