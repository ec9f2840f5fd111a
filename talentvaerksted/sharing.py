"""The CV a young person chose to share in the company portal (core.sharing.register_document)."""

from django.utils.text import slugify

from core import sharing

from .models import CV

CV_DOCUMENT = "cv"


def _shared_cvs(youth):
    return CV.objects.filter(youth=youth, share_in_company_portal=True)


def _shared_cv(*, youth) -> tuple[bytes, str] | None:
    from .services import cv_pdf_for_company  # a sharing point: the consent to share with a company, today

    cv = _shared_cvs(youth).select_related("youth").first()
    if cv is None:
        return None
    return cv_pdf_for_company(cv=cv), f"cv-{slugify(youth.first_name) or 'ung'}.pdf"


def _shared_cv_available(*, youth) -> bool:
    return _shared_cvs(youth).exists()


sharing.register_document(CV_DOCUMENT, provider=_shared_cv, available=_shared_cv_available)
