"""Reads across models for the case pages."""

from core.scoping import visible_to

from .models import Youth


def youth_list(*, user):
    """The case list: every case staff may see, with what each row shows fetched up front.

    Staff in the programme share all cases (consultants and ungdomsskole staff
    work on the same young people); access is logged, not partitioned. Anonymised
    young people are no cases any more: they remain only for the KPIs.
    """
    return visible_to(Youth.objects.not_anonymised(), user).select_related("school", "responsible_staff")


def youth_for_case_page(*, user):
    return (
        visible_to(Youth.objects, user)
        .select_related("school", "responsible_staff", "retention_hold")
        .prefetch_related("industries_of_interest")
    )
