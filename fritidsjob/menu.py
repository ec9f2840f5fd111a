"""The youth cases' entry in the main menu and on the start page."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, register

register(
    MenuEntry(
        _("Unge"),
        "fritidsjob:youth_list",
        "fritidsjob.view_youth",
        _("Find en ung, se sagen og skriv i journalen."),
        action_label=_("Opret ung"),
        action_url_name="fritidsjob:youth_create",
        action_permission="fritidsjob.add_youth",
        order=10,
    )
)

register(
    MenuEntry(
        _("Sikkerhedslog"),
        "security_log",
        "fritidsjob.view_security_log",
        _("Logins, spærringer, adgangskoder, andet faktor og rolleændringer."),
        order=95,
    )
)

register(
    MenuEntry(
        _("Adgangslog"),
        "access_log",
        "fritidsjob.view_access_log",
        _("Hvem har set hvilke personers oplysninger, hvornår og hvorfor, og usædvanlig adgang."),
        order=96,
    )
)

# The administrator's users page: invitations and resetting a second factor (fritidsjob/accounts.py).
register(
    MenuEntry(
        _("Brugere"),
        "user_list",
        "fritidsjob.manage_users",
        _("Inviter medarbejdere, og nulstil en brugers totrinsbekræftelse."),
        action_label=_("Inviter en bruger"),
        action_url_name="user_invite",
        action_permission="fritidsjob.manage_users",
        order=90,
    )
)

# Erasure requests to approve and what falls due under the retention periods (fritidsjob/retention.py).
register(
    MenuEntry(
        _("Opbevaring"),
        "fritidsjob:retention",
        "fritidsjob.approve_anonymisation",
        _("Godkend anonymiseringer, og se hvad der forfalder de næste 30 dage."),
        order=85,
    )
)

# Progression (issue 18): the project leader edits the questionnaires the milestones ask.
register(
    MenuEntry(
        _("Spørgeskemaer"),
        "fritidsjob:questionnaire_list",
        "fritidsjob.change_questionnaire",
        _("Udsagnene i progressionsmålingen: ret, tag ud og tilføj."),
        order=85,
    )
)

# Issue 19: sessions, meetings and follow-ups by week or month (core/agenda.py), and the iCal link.
register(
    MenuEntry(
        _("Kalender"),
        "calendar",
        "fritidsjob.view_youth",
        _("Mødegange, møder og opfølgninger for ugen eller måneden, og dit kalenderlink."),
        order=15,
    )
)
