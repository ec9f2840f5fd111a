from .menu import menu_for
from .municipality import header as municipality_header
from .search import sources_for


def municipality(request):
    """The header's logo (with the municipality's name as its alt text); nothing without a logo. No query: cached."""
    header = municipality_header()
    return {"municipality_logo_alt": header.name if header.logo else ""}


def navigation(request):
    """The menu entries the signed-in user may use (the views check again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user),
        "user_roles": [g.name for g in user.groups.all()],
        # The top bar's search: only for a role with something to search (not the funder, a mentor, the DPO).
        "can_search": bool(sources_for(user)),
    }
