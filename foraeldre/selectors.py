"""Reads for the parents' pages, with what each page shows fetched up front."""

from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum

from core.scoping import visible_to
from fritidsjob.models import Youth
from fritidsjob.selectors import youth_for_case_page

from .models import Consent, InformationEvent, Parent, ParentContact


def parent_list(*, user):
    """Every parent staff may see (staff share all cases, as they do the young people's).

    The latest contact is a subquery per row, not an aggregate: the database picks the page by
    name first and looks up 25 latest contacts, instead of grouping every parent's contacts.
    """
    latest_contact = ParentContact.objects.filter(parent=OuterRef("pk")).order_by("-date").values("date")[:1]
    return (
        visible_to(Parent.objects, user)
        .annotate(last_contact=Subquery(latest_contact))
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(Prefetch("children", queryset=Youth.objects.only("pk", "first_name", "last_name")))
        .filter(anonymised_at__isnull=True)  # no longer a person, only what the KPIs count
    )


def parent_for_page(*, user):
    return visible_to(Parent.objects, user).prefetch_related(
        Prefetch("children", queryset=Youth.objects.select_related("school")),
        Prefetch("contacts", queryset=ParentContact.objects.select_related("staff")),
        Prefetch("consents_given", queryset=Consent.objects.select_related("youth")),
    )


def parents_of(*, youth: Youth):
    return youth.parents.all()


def consents_of(*, youth: Youth):
    """The consent page's history: every consent of the young person, with who gave and recorded it."""
    return Consent.objects.filter(youth=youth).select_related("given_by", "recorded_by")


def consent_for_page(*, user):
    """Consents of the young people the user may see (withdrawal, the scanned document)."""
    return visible_to(Consent.objects, user).filter(youth__in=youth_for_case_page(user=user)).select_related("youth")


def contact_for_page(*, user):
    return visible_to(ParentContact.objects, user).select_related("parent", "staff")


def event_list(*, user):
    return visible_to(InformationEvent.objects, user).select_related("school").prefetch_related("staff")


def event_totals(events) -> list[dict]:
    """Events, youth and parents per school year and school (or place), in one query."""
    return list(
        events.with_school_year()
        .order_by()
        .values("school_year", "school__name")
        .annotate(events=Count("pk"), youth=Sum("youth_count"), parents=Sum("parent_count"))
        .order_by("-school_year", "school__name")
    )


def event_school_years() -> list[int]:
    """The school years that have events, newest first (for the filter)."""
    years = InformationEvent.objects.with_school_year().order_by().values_list("school_year", flat=True).distinct()
    return sorted(set(years), reverse=True)
