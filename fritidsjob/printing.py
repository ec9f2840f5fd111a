"""The printed case ("Udskriv sag"): the case page's sections as a PDF, made with WeasyPrint like the other PDFs.

The same partials as the page: the case's fields, every app's case panel (core/panels.py) and
the timeline; buttons and forms are left out by the print style. The view that serves it is a
RecordsAccessMixin page, so each print is an access entry in the young person's audit trail.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.timeline import timeline_for

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def case_pdf(*, request, youth) -> bytes:
    from weasyprint import HTML  # heavy import, only when a case is printed

    html = render_to_string(
        "fritidsjob/pdf/case.html",
        {"youth": youth, "timeline": timeline_for(youth), "printed_at": timezone.now()},
        request=request,
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
