"""The panels of a young person's case page, one per app, in the order they declare.

An app declares its panel in its own `panels.py` (found at start-up by `core.apps`):
a template and a function giving that template's context, or None when the user
may not see the panel. The function gets the request and the young person and
reads through the app's selectors, in a fixed number of queries::

    from core.panels import register

    @register(template="mentorer/partials/case_panel.html", order=40)
    def mentor_panel(request, youth):
        if not request.user.has_perm("mentorer.view_mentorrelationship"):
            return None
        return {"relationships": selectors.relationships_for_youth(youth=youth)}

The case page renders them all with `{% case_panels youth %}` (core_tags); each
template also gets `youth` and `perms`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class CasePanel:
    template: str
    context: PanelContext
    order: int


_panels: list[CasePanel] = []


def register(*, template: str, order: int = 100) -> Callable[[PanelContext], PanelContext]:
    def decorator(context: PanelContext) -> PanelContext:
        if not any(panel.context is context for panel in _panels):
            _panels.append(CasePanel(template=template, context=context, order=order))
            _panels.sort(key=lambda panel: panel.order)
        return context

    return decorator


def panels() -> list[CasePanel]:
    return list(_panels)
