"""PDF rendering: a template in, bytes out (WeasyPrint, A4, DejaVu fonts, the template's own print CSS)."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core import municipality

# WeasyPrint reports every layout step at INFO: not worth a log line per page.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def logo_context() -> dict:
    """The municipality's logo inlined (opsaet_kommune --logo), its name as the alt text; empty without one."""
    logo = municipality.logo_data_uri()
    return {"municipality_logo": logo, "municipality_logo_alt": municipality.header().name if logo else ""}


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only where PDFs are made

    # A Celery worker has no request: the report is Danish whatever the process's language.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {**logo_context(), **context})
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
