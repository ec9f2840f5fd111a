"""Numbers and text the Danish way, for pages, PDFs and exports alike."""

import datetime
from decimal import Decimal

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe


def number(value: float | Decimal | None, decimals: int = 0) -> str:
    """6400 -> '6.400', 12.5 -> '12,5'; None -> ''."""
    if value is None:
        return ""
    if decimals == 0 and (isinstance(value, int) or float(value).is_integer()):
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals or 1}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def date(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


# What the project leader's Markdown may become: text structure and links, nothing else.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Markdown written in the app as sanitised HTML (nh3 removes scripts, styles and event handlers)."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # sanitised by nh3 just above
