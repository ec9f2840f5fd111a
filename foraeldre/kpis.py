"""The parents' KPIs of the contract (shared/docs/kpi-and-import.md), counted in the database.

Each counts over the contacts (or events) in the window; counting distinct parents
keeps a parent with several children or contacts once.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.kpis import CountedKpi, Dimension, Kpi, register, register_counted
from fritidsjob.models import School, Youth

from .models import ContactKind, InformationEvent, Parent, ParentContact


def _contacts_with_target_group_parent(kind: str, **parent_lookups):
    """Contacts of `kind` with parents linked to at least one target-group young person."""
    parents = Parent.objects.filter(**parent_lookups).with_target_group_child()
    return ParentContact.objects.filter(kind=kind, parent__in=parents)


parents_with_case_guided = CountedKpi(
    rows=lambda: _contacts_with_target_group_parent(ContactKind.GUIDANCE, has_jobcenter_case=True),
    condition=lambda window: window.contains("date"),
    count="parent",
    counts_from="date",
)

youth_and_parents_informed = CountedKpi(
    rows=lambda: InformationEvent.objects.all(),
    condition=lambda window: window.contains("date"),
    total=lambda: F("youth_count") + F("parent_count"),
    counts_from="date",
    paths={Dimension.SCHOOL: "school"},
)

parents_introduced = CountedKpi(
    rows=lambda: _contacts_with_target_group_parent(ContactKind.INTRODUCTION),
    condition=lambda window: window.contains("date"),
    count="parent",
    counts_from="date",
)

# A parent's children are a many-to-many link: its changes are caught with Parent's.
register_counted(ParentContact, Parent, InformationEvent, Youth, School)

register(
    Kpi(
        key="foraeldre_med_sag_vejledt",
        label=_("Forældre med sag i jobcentret, der er vejledt"),
        definition=_(
            "Antal forskellige forældre med sag i jobcentret, som er knyttet til mindst én ung i "
            "målgruppen, og som har mindst én forældrekontakt af typen vejledning dateret i perioden."
        ),
        counting=parents_with_case_guided,
        order=40,
    )
)

register(
    Kpi(
        key="informeret_unge_og_foraeldre",
        label=_("Unge og forældre informeret"),
        definition=_(
            "Summen af antal unge og antal forældre, der deltog i informationsmøder dateret i perioden. "
            "Her tælles deltagere pr. møde, ikke forskellige personer."
        ),
        counting=youth_and_parents_informed,
        order=50,
    )
)

register(
    Kpi(
        key="foraeldre_introduceret",
        label=_("Forældre introduceret til Talentværkstedet"),
        definition=_(
            "Antal forskellige forældre, som er knyttet til mindst én ung i målgruppen, og som har mindst "
            "én forældrekontakt af typen introduktion dateret i perioden."
        ),
        counting=parents_introduced,
        order=60,
    )
)
