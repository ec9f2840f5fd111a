"""The mentors' entries (staff, and the portal) in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Mentorer"),
        "mentorer:overview",
        "mentorer.view_mentor",
        _("Erhvervsmentorer: screening, match med unge, møder og timer, og hvem der trænger til opfølgning."),
        action_label=_("Opret mentor"),
        action_url_name="mentorer:mentor_create",
        action_permission="mentorer.add_mentor",
        order=50,
    )
)

register(
    MenuEntry(
        _("Mentorportal"),
        "mentorer:portal",
        "mentorer.use_portal",
        _("Dine mentees og dine møder. Log et møde på under et minut."),
        order=60,
    )
)
