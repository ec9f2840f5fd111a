"""What a young person's case holds, for their right-of-access package (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import item_of, register, register_subject, text_field

from .models import JournalEntry, RetentionHold, Youth
from .progression.models import ProgressionAnswer, ProgressionResponse

register_subject(key="ung", label=_("ung"), model=Youth)


@register(
    subject="ung",
    title=_("Oplysninger på sagen"),
    intro=_("Det, der står om den unge på selve sagen: navn, kontaktoplysninger, skole, status og ønsker til job."),
    covers=[Youth],
    order=10,
)
def case_details(youth):
    # The CPR number is stored encrypted; the package shows the birth-date part only, as the case
    # page does, since the file may travel by post or e-mail. The family knows the full number.
    cpr = text_field("cpr", _("CPR-nummer"), youth.cpr_masked if youth.has_cpr else "")
    case = Youth.objects.select_related("school", "responsible_staff").get(pk=youth.pk)
    yield item_of(
        case,
        title=_("Sagen"),
        exclude=["cpr_encrypted"],
        extra=[cpr],
        shown={"available_weekdays": case.available_weekday_labels()},
    )


@register(
    subject="ung",
    title=_("Journal"),
    intro=_("Notater, som medarbejderne har skrevet om samtaler, møder og opkald."),
    covers=[JournalEntry],
    order=20,
)
def journal(youth):
    for entry in youth.journal_entries.select_related("author", "youth"):
        yield item_of(entry)


@register(
    subject="ung",
    title=_("Opbevaring ud over slettefristen"),
    intro=_("Hvis sagen bliver gemt efter den dato, hvor den ellers skulle anonymiseres: hvorfor, og fra hvornår."),
    covers=[RetentionHold],
    order=25,
)
def retention_hold(youth):
    for hold in RetentionHold.objects.filter(youth=youth).select_related("placed_by"):
        yield item_of(hold)


@register(
    subject="ung",
    title=_("Progression"),
    intro=_("Den unges svar på spørgeskemaet om, hvordan det går, ved hver milepæl, og medarbejdernes noter."),
    covers=[ProgressionResponse, ProgressionAnswer],
    order=22,
)
def progression(youth):
    for response in ProgressionResponse.objects.filter(youth=youth).select_related(
        "questionnaire", "recorded_by", "youth"
    ):
        yield item_of(response)
    for answer in ProgressionAnswer.objects.filter(response__youth=youth).select_related("item", "response"):
        yield item_of(answer)
