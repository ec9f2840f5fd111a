"""The parents' KPIs of the contract (shared/docs/kpi-and-import.md), counted in the database.

Each counts over the contacts (or events) in the window; counting distinct parents
keeps a parent with several children or contacts once.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.kpis import CountedKpi, Dimension, Kpi, register, register_counted
from fritidsjob.models import School, Youth

from .models import ContactKind, InformationEvent, Parent, ParentContact


def _contacts_with_target_group_parent():
    """Contacts with parents linked to at least one target-group young person.

    The link is looked up per contact (an index probe each) rather than as `parent__in` the set of all
    target-group parents, which made PostgreSQL hash every target-group young person for each KPI. Both
    parent KPIs count these rows (their kinds in their conditions), so they are counted in one pass.
    """
    children = Parent.children.through.objects.filter(parent=OuterRef("parent"), youth__in_target_group=True)
    return ParentContact.objects.filter(Exists(children))


parents_with_case_guided = CountedKpi(
    rows=_contacts_with_target_group_parent,
    condition=lambda window: window.contains("date") & Q(kind=ContactKind.GUIDANCE, parent__has_jobcenter_case=True),
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
    rows=_contacts_with_target_group_parent,
    condition=lambda window: window.contains("date") & Q(kind=ContactKind.INTRODUCTION),
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
