"""The reminder rule about consent, beside the consent decision; see opgaver/registry.py for the recipe."""

import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import ADULT_AGE, Youth
from opgaver.registry import Due, Plan, Rule, TaskPlan, Window, register

from .consent import born_by, valid_consents
from .models import Consent, ConsentKind

# What an active young person under 18 can't take part without (sharing with a
# company or a mentor is checked where it happens, by require_consent).
REQUIRED_CONSENTS = (ConsentKind.PARTICIPATION, ConsentKind.PROCESSING)
# A new case has two weeks to get the parents' consent before it is a task.
CONSENT_GRACE_DAYS = 14


@register
class ConsentMissing(Rule):
    """An active young person under 18 without a valid consent to take part: a task to the responsible staff member.

    foraeldre.consent decides whether a consent is valid. Due on the day it was
    withdrawn, or, if there never was one, 14 days after the case was registered.
    """

    key = "samtykke_mangler"
    name = _("Samtykke mangler eller er trukket tilbage")
    description = _(
        "Opgave til den ansvarlige, når en aktiv ung under 18 ikke har gyldigt samtykke til deltagelse og "
        "behandling af oplysninger: 14 dage efter oprettelsen eller samme dag, som samtykket trækkes tilbage."
    )

    def due(self, window: Window):
        # Three queries for every young person and kind, as beat runs this every quarter of an hour.
        today = window.today
        cases = (
            Youth.objects.active()
            .filter(birth_date__gt=born_by(age=ADULT_AGE, on=today))
            .select_related("responsible_staff")
        )
        in_force = set(
            valid_consents(on=today)
            .filter(youth__in=cases.values("pk"), kind__in=REQUIRED_CONSENTS)
            .values_list("youth_id", "kind")
        )
        last_withdrawn = {
            (youth_id, kind): day
            for youth_id, kind, day in Consent.objects.filter(
                youth__in=cases.values("pk"), kind__in=REQUIRED_CONSENTS, withdrawn_on__lte=today
            )
            .order_by()
            .values_list("youth_id", "kind")
            .annotate(last=Max("withdrawn_on"))
        }
        for youth in cases:
            missing: dict[datetime.date, list[str]] = {}
            for kind in REQUIRED_CONSENTS:
                if (youth.pk, kind) in in_force:
                    continue
                since = last_withdrawn.get(
                    (youth.pk, kind), youth.registered_on + datetime.timedelta(days=CONSENT_GRACE_DAYS)
                )
                missing.setdefault(since, []).append(kind)
            for since, kinds in missing.items():
                yield Due(record=youth, due_date=since, youth=youth, context={"kinds": kinds})

    def plan(self, due: Due) -> Plan:
        kinds = ", ".join(str(ConsentKind(kind).label).lower() for kind in due.context["kinds"])
        return Plan(
            task=TaskPlan(
                title=_("Samtykke mangler"),
                description=_(
                    "Der er ikke et gyldigt samtykke fra en forælder med forældremyndighed til: %(kinds)s. "
                    "Indhent samtykket, eller afslut sagen."
                )
                % {"kinds": kinds},
                assignee=due.youth.responsible_staff,
            )
        )


@register
class FamilyMessages(Rule):
    """Messages to families sent when someone acts, never on a schedule (opgaver.services.message_send).

    The outcome of a sign-up, a consent link, a one-time code: registered as a rule so they go through
    the same send log, retries and list of failures as the reminders.
    """

    key = "familiebeskeder"
    name = _("Beskeder til familier: tilmelding og digitalt samtykke")
    description = _("Sendes, når en tilmelding er behandlet, et samtykke er bedt om, eller en engangskode bestilles.")

    def due(self, window: Window):
        return []

    def plan(self, due: Due) -> Plan:
        raise NotImplementedError("Family messages are sent by message_send, not planned by the rule machinery.")
