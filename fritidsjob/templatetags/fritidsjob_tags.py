from auditlog.models import LogEntry
from django import template
from django.utils.translation import gettext_lazy as _

from core.audit import access_purpose

register = template.Library()

# django-auditlog ships no Danish translation of its actions.
AUDIT_ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Oprettet"),
    LogEntry.Action.UPDATE: _("Ændret"),
    LogEntry.Action.DELETE: _("Slettet"),
    LogEntry.Action.ACCESS: _("Set"),
}


@register.filter
def audit_action(entry: LogEntry) -> str:
    return AUDIT_ACTION_LABELS.get(entry.action, entry.get_action_display())


@register.filter
def user_name(user) -> str:
    """A staff member's full name, else the username; a dash when there is nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.username


@register.filter
def audit_fields(entry: LogEntry) -> str:
    """The verbose names of the fields an entry changed (no values: some are personal data)."""
    model = entry.content_type.model_class()
    names = []
    for field_name in entry.changes_dict:
        try:
            names.append(str(model._meta.get_field(field_name).verbose_name))
        except Exception:  # a field that has since been removed from the model
            names.append(field_name)
    return ", ".join(names)


@register.simple_tag(takes_context=True)
def session_limits(context) -> dict:
    """The signed-in session's clocks in seconds (fritidsjob/session_limits.py), for static/js/session.js."""
    from fritidsjob import session_limits as limits

    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return {"seconds_left": 0, "cap_seconds_left": 0, "idle_seconds": limits.idle_seconds()}
    return {
        "seconds_left": limits.seconds_left(request),
        "cap_seconds_left": limits.cap_seconds_left(request),
        "idle_seconds": limits.idle_seconds(),
    }


@register.simple_tag
def sso_enabled() -> bool:
    """Whether single sign-on is configured (the login page then offers it)."""
    from fritidsjob.sso import sso_enabled as enabled

    return enabled()


@register.filter(name="access_purpose")
def access_purpose_filter(entry: LogEntry) -> str:
    """Why an access entry was written: the page, the export, the search (core.audit.access_purpose)."""
    return access_purpose(entry)
