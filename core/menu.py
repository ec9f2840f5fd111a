"""The main menu and the start page's cards: one entry per area, shown to whoever has its permission.

Each app declares its entries in its own `menu.py` (found at start-up by
`core.apps`); the views check the permission again::

    from core.menu import MenuEntry, register

    register(MenuEntry(_("Unge"), "fritidsjob:youth_list", "fritidsjob.view_youth", order=10))
"""

from dataclasses import dataclass

_entries: list["MenuEntry"] = []


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
    # Where the entry stands in the menu: lower first.
    order: int = 100


def register(entry: MenuEntry) -> MenuEntry:
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda item: item.order)
    return entry


def entries() -> list[MenuEntry]:
    return list(_entries)


@dataclass(frozen=True)
class VisibleEntry:
    entry: MenuEntry
    show_action: bool


def menu_for(user) -> list[VisibleEntry]:
    return [
        VisibleEntry(entry, bool(entry.action_url_name) and user.has_perm(entry.action_permission))
        for entry in _entries
        if user.has_perm(entry.permission)
    ]
