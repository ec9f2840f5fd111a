"""The main menu and the start page's cards: one entry per area, shown to whoever has its permission.

Each app adds its own entry to MENU; the views check the permission again.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str
    description: str = ""
    # An optional second button on the start page, e.g. "Opret ung".
    action_label: str = ""
    action_url_name: str = ""
    action_permission: str = ""
    # An optional count next to the entry in the menu (a URL answering with a small
    # fragment), fetched with htmx after the page loads, so no page pays a query for it.
    badge_url_name: str = ""


MENU: list[MenuEntry] = [
    MenuEntry(
        _("Unge"),
        "fritidsjob:youth_list",
        "fritidsjob.view_youth",
        _("Find en ung, se sagen og skriv i journalen."),
        action_label=_("Opret ung"),
        action_url_name="fritidsjob:youth_create",
        action_permission="fritidsjob.add_youth",
    ),
    MenuEntry(
        _("Talentværksted"),
        "talentvaerksted:course_list",
        "talentvaerksted.view_course",
        _("Forløb og workshops: mødegange, tilmelding, fremmøde, diplomer og CV."),
        action_label=_("Opret forløb"),
        action_url_name="talentvaerksted:course_create",
        action_permission="talentvaerksted.add_course",
    ),
    MenuEntry(
        _("Virksomheder"),
        "virksomheder:company_list",
        "virksomheder.view_company",
        _("Virksomheder og vejledning, jobåbninger, match, ansættelser og opfølgning."),
        action_label=_("Opret jobåbning"),
        action_url_name="virksomheder:opening_create",
        action_permission="virksomheder.add_jobopening",
    ),
    MenuEntry(
        _("Forældre"),
        "foraeldre:parent_list",
        "foraeldre.view_parent",
        _("Forældre og samtykker, vejledning og introduktion, informationsmøder og forældreguiden."),
        action_label=_("Opret forælder"),
        action_url_name="foraeldre:parent_create",
        action_permission="foraeldre.add_parent",
    ),
    MenuEntry(
        _("Mentorer"),
        "mentorer:overview",
        "mentorer.view_mentor",
        _("Erhvervsmentorer: screening, match med unge, møder og timer, og hvem der trænger til opfølgning."),
        action_label=_("Opret mentor"),
        action_url_name="mentorer:mentor_create",
        action_permission="mentorer.add_mentor",
    ),
    MenuEntry(
        _("Mentorportal"),
        "mentorer:portal",
        "mentorer.use_portal",
        _("Dine mentees og dine møder. Log et møde på under et minut."),
    ),
    MenuEntry(
        _("Nøgletal"),
        "rapporter:kpi_overview",
        "rapporter.view_kpi",
        _("Indsatsens nøgletal mod målene, statusrapporter til fonden og leverancer. Uden personoplysninger."),
        action_label=_("Importér regneark"),
        action_url_name="rapporter:import_upload",
        action_permission="rapporter.import_data",
    ),
    MenuEntry(
        _("Brancheguider"),
        "rapporter:guide_list",
        "rapporter.view_industryguide",
        _("Guider til virksomheder i hver branche om at ansætte unge i fritidsjob."),
    ),
    MenuEntry(
        _("Mine opgaver"),
        "opgaver:inbox",
        "opgaver.view_task",
        _("Det, der skal følges op på: opgaver med frist, udsæt eller giv videre."),
        action_label=_("Ny opgave"),
        action_url_name="opgaver:task_create",
        action_permission="opgaver.add_task",
        badge_url_name="opgaver:nav_count",
    ),
]


@dataclass(frozen=True)
class VisibleEntry:
    entry: MenuEntry
    show_action: bool


def menu_for(user) -> list[VisibleEntry]:
    return [
        VisibleEntry(entry, bool(entry.action_url_name) and user.has_perm(entry.action_permission))
        for entry in MENU
        if user.has_perm(entry.permission)
    ]
