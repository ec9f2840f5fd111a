"""The parents' guide (fritidsjobguide til forældre): Markdown to safe HTML, and the designed PDF.

The project leader writes the sections in Markdown; the HTML made from it is
sanitised with nh3 before it is shown or printed, so a pasted <script> or a
javascript: link never reaches a page or the PDF.
"""

from dataclasses import dataclass

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import GuideEdition, GuideLanguage, GuideSection, GuideSectionText

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote", "hr",
    "h1", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES))


# --- one edition, section by section -----------------------------------------------------------


@dataclass(frozen=True)
class RenderedSection:
    number: int
    title: str
    html: SafeString


@dataclass(frozen=True)
class EditionStatus:
    """An edition and how far its translation has come."""

    edition: GuideEdition
    translated: int
    total: int

    @property
    def is_complete(self) -> bool:
        return self.translated == self.total and self.total > 0

    @property
    def missing(self) -> int:
        return self.total - self.translated


def edition_statuses() -> list[EditionStatus]:
    """Every edition, Danish first, with how many sections are written in its language. Three queries."""
    total = GuideSection.objects.count()
    counts: dict[str, int] = {}
    for language in GuideSectionText.objects.values_list("language", flat=True):
        counts[language] = counts.get(language, 0) + 1
    editions = sorted(GuideEdition.objects.all(), key=lambda e: (not e.is_danish, e.get_language_display()))
    return [EditionStatus(e, counts.get(e.language, 0), total) for e in editions]


def downloadable_languages() -> list[str]:
    """Danish once it has a section; another language only when every section is translated."""
    return [status.edition.language for status in edition_statuses() if status.is_complete]


def rendered_sections(language: str) -> list[RenderedSection]:
    """The sections in `language`, in order. Only complete editions are printed, so none is missing."""
    texts = GuideSectionText.objects.filter(language=language).order_by("section__position", "section_id")
    return [
        RenderedSection(number=number, title=text.title, html=render_markdown(text.body))
        for number, text in enumerate(texts, start=1)
    ]


# --- the PDF --------------------------------------------------------------------------------


class GuideNotReady(Exception):
    """The edition is missing or not every section is translated yet."""


def guide_pdf(*, language: str = GuideLanguage.DANISH) -> bytes:
    """The guide in `language` as an A4 PDF (WeasyPrint; the print CSS is in the template)."""
    from weasyprint import HTML  # heavy: import only when a PDF is made

    edition = GuideEdition.objects.filter(language=language).first()
    if edition is None or language not in downloadable_languages():
        raise GuideNotReady(_("Guiden findes ikke færdig på dette sprog endnu."))
    html = render_to_string(
        "foraeldre/pdf/guide.html",
        {
            "edition": edition,
            "introduction": render_markdown(edition.introduction),
            "sections": rendered_sections(language),
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def guide_filename(language: str) -> str:
    return f"fritidsjobguide-{language}.pdf"
