"""Where companies download an industry's guide (core.industry_guides): the guide's public link."""

from django.urls import reverse

from core import industry_guides

from .models import IndustryGuide


@industry_guides.register_link
def guide_link(industry) -> str | None:
    """The public link staff send to companies, while it is open and the PDF exists; one query."""
    guide = IndustryGuide.objects.filter(industry=industry, public_token__isnull=False).exclude(pdf="").first()
    return reverse("rapporter:guide_public", args=[guide.public_token]) if guide else None
