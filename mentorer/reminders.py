"""Reminder rules about mentors (issue 8); see opgaver/registry.py for the recipe.

Both rules use the definitions on the models (MentorRelationship.with_last_activity,
Mentor.boerneattest_*), so the coordinator overview and the reminders agree.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.formatting import long_date
from opgaver.registry import Channel, Due, MessagePlan, Plan, RecipientKind, Rule, TaskPlan, Window, register

from .models import (
    BOERNEATTEST_AGE,
    BOERNEATTEST_LEAD_DAYS,
    BOERNEATTEST_VALIDITY,
    QUIET_DAYS,
    AttestAssessment,
    Mentor,
    MentorRelationship,
    MentorStatus,
    youth_age_on,
)


def _responsible(relationship: MentorRelationship):
    """The relationship's coordinator, else the young person's responsible staff member."""
    return relationship.coordinator or relationship.youth.responsible_staff


@register
class MentorWithoutSession(Rule):
    """An active relationship with no session logged for 30 days: a task to the coordinator, an e-mail to the mentor.

    Due 30 days after the last session (or after the start, if there is none):
    a session on 1 March makes it due on 31 March. A new session starts the clock again.
    """

    key = "mentor_uden_moede"
    name = _("Mentor uden logget møde i 30 dage")
    description = _(
        "Opgave til koordinatoren og e-mail til mentoren, når et aktivt mentorforløb ikke har haft et møde i 30 dage."
    )

    def due(self, window: Window):
        gap = datetime.timedelta(days=QUIET_DAYS)
        relationships = (
            MentorRelationship.objects.active()
            .with_last_activity()
            .filter(last_activity__range=(window.earliest - gap, window.latest - gap))
            .select_related("mentor", "coordinator", "youth__responsible_staff")
        )
        for relationship in relationships:
            yield Due(
                record=relationship,
                due_date=relationship.last_activity + gap,
                youth=relationship.youth,
                context={"since": relationship.last_activity, "had_session": relationship.last_session is not None},
            )

    def plan(self, due: Due) -> Plan:
        relationship = due.record
        since = long_date(due.context["since"])
        messages = []
        if relationship.mentor.email:
            messages.append(
                MessagePlan(
                    channel=Channel.EMAIL,
                    to=relationship.mentor.email,
                    recipient_kind=RecipientKind.MENTOR,
                    template="mentor_without_session",
                    # No name of the young person in an e-mail: the portal shows who it is.
                    context={
                        "mentor_first_name": relationship.mentor.first_name,
                        "since": since,
                        "had_session": due.context["had_session"],
                        "url": settings.SITE_URL + reverse("mentorer:portal"),
                    },
                )
            )
        return Plan(
            task=TaskPlan(
                title=_("Mentorforløb uden møde i 30 dage"),
                description=_(
                    "Der er ikke logget et møde i mentorforløbet siden %(date)s. Ring til mentoren og hør, hvordan "
                    "det går, eller afslut forløbet."
                )
                % {"date": since},
                assignee=_responsible(relationship),
                concerning=relationship,
            ),
            messages=messages,
        )


@register
class BoerneattestMissingOrExpiring(Rule):
    """A mentor with an active mentee under 15 whose børneattest is missing or expires: a task to the coordinator.

    Due the day the attest expires (obtained + BOERNEATTEST_VALIDITY), if a mentee
    is still under 15 that day; created BOERNEATTEST_LEAD_DAYS before by default.
    Without a usable attest at all, due on the start of the earliest such relationship.
    """

    key = "boerneattest_mangler"
    name = _("Børneattest mangler eller udløber (mentor med mentee under 15)")
    description = _(
        "Opgave til koordinatoren, når en mentor med en aktiv mentee under 15 år mangler en børneattest, "
        "eller når børneattesten udløber, mens mentee'en stadig er under 15."
    )
    default_lead_days = BOERNEATTEST_LEAD_DAYS

    def due(self, window: Window):
        # Mentees under 15 at some point in the window: born after (earliest - 15 years).
        young = Q(youth__birth_date__gt=window.earliest - relativedelta(years=BOERNEATTEST_AGE))
        relationships = (
            MentorRelationship.objects.active()
            .filter(young)
            .select_related("youth__responsible_staff", "coordinator")
            .order_by("start_date", "pk")
        )
        mentors = (
            Mentor.objects.exclude(status=MentorStatus.STOPPED)
            .filter(Exists(relationships.filter(mentor=OuterRef("pk"))))
            .prefetch_related(Prefetch("relationships", queryset=relationships, to_attr="young_mentees"))
        )
        for mentor in mentors:
            usable = mentor.boerneattest_on is not None and mentor.boerneattest_assessment == AttestAssessment.CLEAR
            if usable:
                due_date = mentor.boerneattest_on + BOERNEATTEST_VALIDITY
                context = {"expires": due_date}
            else:
                due_date = min(r.start_date for r in mentor.young_mentees)
                context = {"expires": None}
            under_15 = [r for r in mentor.young_mentees if youth_age_on(r.youth, due_date) < BOERNEATTEST_AGE]
            if not under_15:
                continue  # every mentee has turned 15 by then: no attest needed
            relationship = under_15[0]
            yield Due(
                record=mentor,
                due_date=due_date,
                youth=relationship.youth,
                context={**context, "relationship": relationship},
            )

    def plan(self, due: Due) -> Plan:
        relationship = due.context["relationship"]
        if due.context["expires"]:
            title = _("Børneattest udløber for mentor med mentee under 15")
            description = _(
                "Mentorens børneattest udløber %(date)s, og mentoren har en mentee under 15 år. Indhent en ny "
                "børneattest, og registrér den på mentoren."
            ) % {"date": long_date(due.context["expires"])}
        else:
            title = _("Børneattest mangler for mentor med mentee under 15")
            description = _(
                "Mentoren har en mentee under 15 år, men der er ikke registreret en godkendt børneattest. Indhent "
                "den nu, og registrér den på mentoren."
            )
        return Plan(
            task=TaskPlan(
                title=title, description=description, assignee=_responsible(relationship), concerning=due.record
            )
        )
