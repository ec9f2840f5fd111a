"""The portal's reads: everything starts from the signed-in contact's company, so another company's
row is simply not found (404)."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from core.consent import ConsentKind, consented_youth_ids

from ..models import ContactPerson, JobOpening, Match, MatchStage, NetworkMeeting, NetworkMeetingSignup

# An ended placement leaves the contact's list of candidates this many days after its last day.
ENDED_SHOWN_DAYS = 30


def contact_of(user) -> ContactPerson | None:
    """The signed-in user's contact person (an active user linked to one), else None."""
    if not user.is_authenticated or not user.is_active:
        return None
    return ContactPerson.objects.filter(user=user).select_related("company").first()


def portal_openings(*, contact: ContactPerson) -> QuerySet:
    return (
        JobOpening.objects.filter(company_id=contact.company_id)
        .select_related("industry", "posted_by_contact")
        .order_by("-start_date", "title", "pk")
    )


def _may_share(today: datetime.date) -> ExpressionWrapper:
    """True where the consent to share with a company is in force today: the one consent rule, in the query."""
    consented = consented_youth_ids(kind=ConsentKind.SHARE_WITH_COMPANY, on=today)
    return ExpressionWrapper(Q(youth_id__in=consented), output_field=BooleanField())


def portal_candidates(*, contact: ContactPerson, today: datetime.date) -> QuerySet:
    """The matches a consultant has sent to the contact's company: the portal's only way to a young person.

    Each carries `may_share` (the consent to share with a company in force today): without it the
    portal shows "oplysninger ikke delt" and nothing of the young person. A match whose placement
    ended more than ENDED_SHOWN_DAYS ago is gone from the list.
    """
    ended_before = today - datetime.timedelta(days=ENDED_SHOWN_DAYS)
    return (
        Match.objects.filter(opening__company_id=contact.company_id, sent_on__isnull=False)
        .exclude(stage=MatchStage.SUGGESTED)
        .exclude(placement__end__lt=ended_before)
        .select_related("youth", "opening", "placement")
        .prefetch_related("youth__industries_of_interest")
        .annotate(may_share=_may_share(today))
        .order_by("-sent_on", "-pk")
    )


def company_contacts(*, contact: ContactPerson) -> QuerySet:
    return ContactPerson.objects.filter(company_id=contact.company_id).order_by("name", "pk")


def upcoming_meetings(*, contact: ContactPerson, today: datetime.date) -> QuerySet:
    """The planned network meetings (dated after today), each with `signed_up`: this contact has signed up."""
    own = NetworkMeetingSignup.objects.filter(meeting=OuterRef("pk"), contact=contact)
    return NetworkMeeting.objects.filter(date__gt=today).annotate(signed_up=Exists(own)).order_by("date", "pk")
