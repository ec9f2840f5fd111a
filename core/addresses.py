"""The address-autocomplete adapter point (Adressevælger; issue 20, item 5): off by default.

Addresses are plain fields; the town comes from the postcode table (core.postcodes), so nothing
depends on an address API (DAWA, which the app once could have used, is closed). A municipality
that has an address service of its own can plug it in here: ADDRESS_AUTOCOMPLETE_BACKEND names a
class (dotted path) with `suggest(query, *, limit)`. Empty (the default), `backend()` is None and
nothing calls out. No concrete adapter ships yet.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class AddressSuggestion:
    """One address offered while typing: the street line, the postcode and the town."""

    address: str
    postcode: str
    city: str


class AddressUnavailable(Exception):
    """The address service could not answer (down, too slow): the fields are typed by hand."""


class AddressAutocomplete(Protocol):
    def suggest(self, query: str, *, limit: int = 8) -> list[AddressSuggestion]:
        """Addresses that start with what was typed; AddressUnavailable when the service cannot answer."""
        ...


def backend() -> AddressAutocomplete | None:
    """The configured adapter, or None when ADDRESS_AUTOCOMPLETE_BACKEND is empty (the default)."""
    path = getattr(settings, "ADDRESS_AUTOCOMPLETE_BACKEND", "")
    if not path:
        return None
    return import_string(path)()


def enabled() -> bool:
    return bool(getattr(settings, "ADDRESS_AUTOCOMPLETE_BACKEND", ""))
