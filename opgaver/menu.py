"""The tasks' entry in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Mine opgaver"),
        "opgaver:inbox",
        "opgaver.view_task",
        _("Det, der skal følges op på: opgaver med frist, udsæt eller giv videre."),
        action_label=_("Ny opgave"),
        action_url_name="opgaver:task_create",
        action_permission="opgaver.add_task",
        badge_url_name="opgaver:nav_count",
        order=90,
    )
)
