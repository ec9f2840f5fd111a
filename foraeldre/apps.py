from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForaeldreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "foraeldre"
    verbose_name = _("Forældre")

    def ready(self):
        from auditlog.registry import auditlog

        from core.consent import register as register_consent_rule

        from . import consent
        from .models import (
            Consent,
            ConsentAnswer,
            ConsentRequest,
            InformationEvent,
            OneTimeCode,
            Parent,
            ParentContact,
            SignUp,
        )

        # The one consent decision, asked by every app that shares a young person's data.
        register_consent_rule(consent)
        # The parents' names, for the check that the funder report names nobody.
        from core import person_names

        person_names.register("foraeldre", lambda: Parent.objects.values_list("first_name", "last_name"))

        auditlog.register(Parent, m2m_fields={"children"}, exclude_fields=["updated_at", "created_at"])
        auditlog.register(Consent, exclude_fields=["created_at"])
        auditlog.register(ParentContact, exclude_fields=["created_at"])
        auditlog.register(SignUp)
        # The token's and the codes' hashes are never written to the audit trail.
        auditlog.register(ConsentRequest, exclude_fields=["token_hash"])
        auditlog.register(OneTimeCode, exclude_fields=["code_hash"])
        auditlog.register(ConsentAnswer)
        # No personal data, but the head counts are reported to the funder: who changed them is kept.
        auditlog.register(InformationEvent, m2m_fields={"staff"}, exclude_fields=["created_at"])
