"""What every progression milestone rule does (issue 18); the rules live with their milestones.

A rule says when a young person reached a milestone (`due()`, subclasses in the apps that
own the event: talentvaerksted a completed course, virksomheder three and six months in a
job, opgaver/reminders.py the start and the closed case). This base makes the rest the same
for all: a task for the responsible consultant and, if the questionnaire says so, the young
person's own answer link by SMS (or e-mail without a phone number), first name only.

Exactly once per young person and milestone: the record is the young person, and a young
person already reminded by the rule (on any date) or who has already answered the current
questionnaire at the milestone is left out. The machinery drops imported history
(`known_since` is when the milestone's record came into the system).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import Youth
from fritidsjob.progression import links
from fritidsjob.progression.models import ProgressionResponse, Questionnaire

from . import sms
from .models import Reminder
from .registry import Channel, Due, MessagePlan, Plan, RecipientKind, Rule, TaskPlan


class MilestoneRule(Rule):
    milestone: str  # fritidsjob.progression.models.Milestone
    default_lead_days = 0

    def not_yet_asked(self, youths: QuerySet, *, active: bool = True) -> QuerySet:
        """Young people (active ones, unless `active` is False) not anonymised, whom this rule has not
        reminded about and who have not answered the current questionnaire at the milestone."""
        questionnaire = Questionnaire.objects.current()
        if active:
            youths = youths.active()
        youths = youths.not_anonymised().exclude(
            Exists(
                Reminder.objects.filter(
                    rule__key=self.key,
                    content_type=ContentType.objects.get_for_model(Youth),
                    object_id=OuterRef("pk"),
                )
            )
        )
        if questionnaire is None:
            return youths.none()
        return youths.exclude(
            Exists(
                ProgressionResponse.objects.filter(
                    youth=OuterRef("pk"), questionnaire=questionnaire, milestone=self.milestone
                )
            )
        )

    def plan(self, due: Due) -> Plan:
        youth = due.record
        questionnaire = Questionnaire.objects.current()
        messages = []
        if questionnaire is not None and questionnaire.send_link:
            url = links.url_for(youth_id=youth.pk, questionnaire_id=questionnaire.pk, milestone=self.milestone)
            context = {"first_name": youth.first_name, "url": url, "days": links.LINK_DAYS}
            if youth.phone and sms.sms_enabled():
                messages.append(MessagePlan(Channel.SMS, youth.phone, RecipientKind.YOUTH, "progression_link", context))
            elif youth.email:
                messages.append(
                    MessagePlan(Channel.EMAIL, youth.email, RecipientKind.YOUTH, "progression_link", context)
                )
        return Plan(
            task=TaskPlan(
                title=_("Spørgeskema: %(milestone)s") % {"milestone": self.milestone_label},
                description=_(
                    "Den unge er nået til en milepæl. Svar på spørgeskemaet sammen med den unge "
                    "(Progression på sagen), eller hjælp den unge med linket, hvis det er sendt."
                ),
                assignee=youth.responsible_staff,
            ),
            messages=messages,
        )

    @property
    def milestone_label(self) -> str:
        from fritidsjob.progression.models import Milestone

        return str(Milestone(self.milestone).label).lower()
