"""What anonymising removes from the parents' records, and when a parent goes with their child.

Kept for the KPIs: a parent's link to their children, the jobcenter-case flag and the
date and kind of every contact. A consent's scanned document is deleted from disk.
"""

from django.utils import timezone

from core import erasure
from core.audit import audited_update

from .models import (
    Consent,
    ConsentAnswer,
    ConsentRequest,
    GuideEdition,
    GuideSection,
    GuideSectionText,
    InformationEvent,
    OneTimeCode,
    Parent,
    ParentContact,
    SignUp,
)

erasure.register_subject("foraelder", model=Parent, label="forælder")


@erasure.anonymiser(Parent, subject="foraelder", order=10)
def anonymise_parent(run: erasure.ErasureRun, parent: Parent) -> None:
    run.personal_values(parent.full_name, parent.phone, parent.email, parent.import_ref or "")
    run.touched([parent])
    parent.first_name = "Anonymiseret"
    parent.last_name = "forælder"
    parent.phone = ""
    parent.email = ""
    parent.language = ""
    parent.import_ref = None
    parent.anonymised_at = timezone.now()
    parent.full_clean()
    parent.save()


@erasure.anonymiser(ParentContact, subject="foraelder")
def anonymise_contacts(run: erasure.ErasureRun, parent: Parent) -> None:
    contacts = ParentContact.objects.filter(parent=parent)
    run.touched(contacts)
    audited_update(contacts, note="", import_ref=None)


@erasure.anonymiser(Parent, subject="ung", order=900)
def parents_with_their_last_child(run: erasure.ErasureRun, youth) -> None:
    """A parent whose every child is now anonymised is anonymised with them (the youth's runs first)."""
    for parent in Parent.objects.filter(children=youth, anonymised_at__isnull=True):
        if not parent.children.filter(anonymised_at__isnull=True).exists():
            run.include(parent)


@erasure.anonymiser(Consent, subject="ung")
def consent_documents(run: erasure.ErasureRun, youth) -> None:
    consents = Consent.objects.filter(youth=youth)
    run.touched(consents)
    for consent in consents.exclude(document=""):
        run.delete_file(consent.document)
    audited_update(consents.exclude(document=""), document="")


erasure.keep(InformationEvent, why="Informationsmøder: sted, antal og materialer, ingen enkeltpersoner")
erasure.keep(GuideEdition, why="Forældreguidens tekst")
erasure.keep(GuideSection, why="Forældreguidens tekst")
erasure.keep(GuideSectionText, why="Forældreguidens tekst")


@erasure.anonymiser(SignUp, subject="ung")
def signups(run: erasure.ErasureRun, youth) -> None:
    """The sign-up the case came from holds the same names and phones: it goes (the case keeps the KPIs)."""
    rows = SignUp.objects.filter(youth=youth)
    run.touched(rows)
    for signup in rows:
        run.personal_values(signup.youth_name, signup.parent_name, signup.parent_phone, signup.parent_email)
        signup.delete()


@erasure.anonymiser(ConsentAnswer, subject="ung")
def digital_consent_names(run: erasure.ErasureRun, youth) -> None:
    """The typed names go; that a consent was given (kind, time, text version) stays with the Consent."""
    answers = ConsentAnswer.objects.filter(request__youth=youth)
    run.touched(answers)
    audited_update(answers, typed_name="")


@erasure.anonymiser(OneTimeCode, subject="ung")
def one_time_codes(run: erasure.ErasureRun, youth) -> None:
    codes = OneTimeCode.objects.filter(request__youth=youth)
    run.touched(codes)
    codes.delete()


erasure.keep(ConsentRequest, why="Samtykkeanmodninger: kun tidspunkter og kanal; navne og adresser står på sagen")
