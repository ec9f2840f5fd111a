"""The companies' entry in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Virksomheder"),
        "virksomheder:company_list",
        "virksomheder.view_company",
        _("Virksomheder og vejledning, jobåbninger, match, ansættelser og opfølgning."),
        action_label=_("Opret jobåbning"),
        action_url_name="virksomheder:opening_create",
        action_permission="virksomheder.add_jobopening",
        order=30,
    )
)

register(
    MenuEntry(
        _("Virksomhedsportal"),
        "virksomheder:portal:home",
        "virksomheder.use_portal",
        _("Jeres jobåbninger, de unge konsulenten har sendt, og opfølgningen på dem, I har ansat."),
        order=61,
    )
)
