"""The parents' entry in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Forældre"),
        "foraeldre:parent_list",
        "foraeldre.view_parent",
        _("Forældre og samtykker, vejledning og introduktion, informationsmøder og forældreguiden."),
        action_label=_("Opret forælder"),
        action_url_name="foraeldre:parent_create",
        action_permission="foraeldre.add_parent",
        order=40,
    )
)
register(
    MenuEntry(
        _("Nye tilmeldinger"),
        "foraeldre:signup_list",
        "foraeldre.view_signup",
        _("Tilmeldinger fra den offentlige side: mulige dubletter, godkend eller afvis."),
        order=41,
    )
)
