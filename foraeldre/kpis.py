"""The parents' KPIs of the contract (shared/docs/kpi-and-import.md), counted in the database.

rapporter.kpi puts them in KPIS. Each counts over the contacts (or events) in the window;
counting distinct parents keeps a parent with several children or contacts once.
"""

from django.db.models import F

from rapporter.kpi_engine import CountedKpi, Dimension

from .models import ContactKind, InformationEvent, ParentContact


def _contacts_with_target_group_parent(kind: str, **parent_lookups):
    """Contacts of `kind` with parents linked to at least one target-group young person."""
    parents = ParentContact.parent.field.related_model.objects.filter(**parent_lookups).with_target_group_child()
    return ParentContact.objects.filter(kind=kind, parent__in=parents)


# foraeldre_med_sag_vejledt: distinct parents with a jobcentre case, linked to a target-group
# young person, with a guidance contact dated in the window.
parents_with_case_guided = CountedKpi(
    rows=lambda: _contacts_with_target_group_parent(ContactKind.GUIDANCE, has_jobcenter_case=True),
    condition=lambda window: window.contains("date"),
    count="parent",
)

# foraeldre_introduceret: distinct parents linked to a target-group young person, with an
# introduction contact dated in the window.
parents_introduced = CountedKpi(
    rows=lambda: _contacts_with_target_group_parent(ContactKind.INTRODUCTION),
    condition=lambda window: window.contains("date"),
    count="parent",
)

# informeret_unge_og_foraeldre: youth plus parents at information events dated in the window.
youth_and_parents_informed = CountedKpi(
    rows=lambda: InformationEvent.objects.all(),
    condition=lambda window: window.contains("date"),
    total=lambda: F("youth_count") + F("parent_count"),
    paths={Dimension.SCHOOL: "school"},
)
