"""Reporting's entries (KPIs, industry guides) in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Nøgletal"),
        "rapporter:kpi_overview",
        "rapporter.view_kpi",
        _("Indsatsens nøgletal mod målene, statusrapporter til fonden og leverancer. Uden personoplysninger."),
        action_label=_("Importér regneark"),
        action_url_name="rapporter:import_upload",
        action_permission="rapporter.import_data",
        order=70,
    )
)

register(
    MenuEntry(
        _("Brancheguider"),
        "rapporter:guide_list",
        "rapporter.view_industryguide",
        _("Guider til virksomheder i hver branche om at ansætte unge i fritidsjob."),
        order=80,
    )
)
