"""What anonymising a young person removes from the case itself: names, contact details, CPR, free texts.

Kept, because the KPIs and the dashboard's breakdowns count them: the target-group flag,
gender, school, postcode, status, the registration and closing dates, and the birth date
only as precisely as the age bands of the projects' periods need
(kpis.birth_date_for_statistics).
"""

from django.db.models import Max, Min
from django.utils import timezone

from core import erasure
from core.audit import audited_update
from core.kpis import project_model

from . import cpr
from .kpis import birth_date_for_statistics
from .models import AnonymisationRequest, AuditScrub, JournalEntry, RetentionHold, Youth, YouthStatus
from .progression.models import ProgressionAnswer, ProgressionResponse, Questionnaire

erasure.register_subject("ung", model=Youth, label="ung")

ANONYMOUS_FIRST_NAME = "Anonymiseret"
ANONYMOUS_LAST_NAME = "ung"


def _statistics_birth_date(youth: Youth):
    period = project_model().objects.aggregate(first=Min("start"), last=Max("end"))
    if period["first"] is None:
        return youth.birth_date.replace(month=1, day=1)
    return birth_date_for_statistics(youth.birth_date, first=period["first"], last=period["last"])


@erasure.anonymiser(Youth, subject="ung", order=10)
def anonymise_youth(run: erasure.ErasureRun, youth: Youth) -> None:
    plain_cpr = cpr.decrypt(youth.cpr_encrypted) if youth.cpr_encrypted else ""
    run.personal_values(youth.full_name, youth.phone, youth.email, plain_cpr, plain_cpr.replace("-", ""))
    run.personal_values(youth.import_ref or "", youth.jobcenter_case_number, youth.esdh_case_number)
    run.touched([youth])
    youth.first_name = ANONYMOUS_FIRST_NAME
    youth.last_name = ANONYMOUS_LAST_NAME
    youth.birth_date = _statistics_birth_date(youth)
    youth.cpr_encrypted = ""
    youth.school_class = ""
    youth.phone = ""
    youth.email = ""
    youth.target_group_level = ""
    youth.target_group_reasons = ""
    youth.referral_source = ""
    youth.available_weekdays = []
    youth.available_from = None
    youth.available_until = None
    youth.end_reason = erasure.REMOVED if youth.status == YouthStatus.CLOSED else ""
    youth.import_ref = None
    youth.jobcenter_case_number = ""
    youth.esdh_case_number = ""
    youth.anonymised_at = timezone.now()
    youth.full_clean()
    youth.save()
    youth.industries_of_interest.clear()


@erasure.anonymiser(JournalEntry, subject="ung")
def anonymise_journal(run: erasure.ErasureRun, youth: Youth) -> None:
    entries = JournalEntry.objects.filter(youth=youth)
    run.touched(entries)
    audited_update(entries, text=erasure.REMOVED)


@erasure.anonymiser(RetentionHold, subject="ung")
def remove_hold(run: erasure.ErasureRun, youth: Youth) -> None:
    holds = RetentionHold.objects.filter(youth=youth)
    run.touched(holds)
    for hold in holds:
        hold.delete()


erasure.keep(AnonymisationRequest, why="Anonymiseringens egen dokumentation: hvem, hvornår og hvorfor")
erasure.keep(AuditScrub, why="Loggen over renskrivninger af revisionssporet; nævner ingen person")


@erasure.anonymiser(ProgressionResponse, subject="ung")
def anonymise_progression(run: erasure.ErasureRun, youth: Youth) -> None:
    """The staff's notes go; the scores stay, as the figures of the funder's report count them (like gender)."""
    responses = ProgressionResponse.objects.filter(youth=youth)
    run.personal_values(*responses.exclude(import_ref=None).values_list("import_ref", flat=True))
    run.touched(responses)
    audited_update(responses.exclude(note=""), note=erasure.REMOVED)
    audited_update(responses.exclude(import_ref=None), import_ref=None)


erasure.keep(
    ProgressionAnswer,
    why="Svarene (1-5 på et udsagn) bliver som køn og skole, til fondens progressionstal; noten fjernes",
)
erasure.keep(Questionnaire, why="Programmets eget spørgeskema; nævner ingen person")
