"""The Talentværksted's entries in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Talentværksted"),
        "talentvaerksted:course_list",
        "talentvaerksted.view_course",
        _("Forløb og workshops: mødegange, tilmelding, fremmøde, diplomer og CV."),
        action_label=_("Opret forløb"),
        action_url_name="talentvaerksted:course_create",
        action_permission="talentvaerksted.add_course",
        order=20,
    )
)
