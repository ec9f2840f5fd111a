"""Industry guides: the project leader's text, and a PDF per version made by a Celery task."""

import logging
import uuid
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core import industry_guides
from core.formatting import render_markdown
from core.tasks import enqueue_or_fail

from .. import suppression
from ..models import GuideStatus, IndustryGuide, Project
from ..pdf import render_pdf

logger = logging.getLogger(__name__)

GUIDE_TEMPLATE = "rapporter/pdf/industry_guide.html"


def _mark_unqueued(reason: str, *, guide_id: int) -> None:
    logger.warning("Industry guide %s not queued: %s", guide_id, reason)
    IndustryGuide.objects.filter(pk=guide_id, pdf_status=GuideStatus.QUEUED).update(pdf_status=GuideStatus.FAILED)


def industry_guide_enqueue(guide: IndustryGuide) -> None:
    """Queue the PDF once the transaction commits; a broker that is gone marks it failed ("Lav PDF igen")."""
    from .. import tasks

    guide_id = guide.pk
    transaction.on_commit(
        lambda: enqueue_or_fail(
            tasks.generate_industry_guide,
            kwargs={"guide_id": guide_id},
            on_failure=partial(_mark_unqueued, guide_id=guide_id),
        )
    )


@transaction.atomic
def industry_guide_save(*, industry, data: dict[str, str]) -> IndustryGuide:
    """Save the guide's sections; a change makes a new version, whose PDF is made in the background."""
    guide, created = IndustryGuide.objects.select_for_update().get_or_create(industry=industry)
    changed = any(getattr(guide, field) != value for field, value in data.items())
    for field, value in data.items():
        if field not in IndustryGuide.SECTIONS:
            raise TypeError(f"IndustryGuide has no section {field!r}")
        setattr(guide, field, value)
    if not (changed or created or not guide.pdf):
        return guide
    if changed and not created:
        guide.content_version += 1
    guide.content_updated_at = timezone.now()
    guide.pdf_status = GuideStatus.QUEUED
    guide.pdf_queued_at, guide.pdf_requeued = timezone.now(), 0
    guide.full_clean()
    guide.save()
    industry_guide_enqueue(guide)
    return guide


@transaction.atomic
def industry_guide_regenerate(*, guide: IndustryGuide) -> IndustryGuide:
    """Make the PDF again with today's figures (the text is unchanged)."""
    now = timezone.now()
    IndustryGuide.objects.filter(pk=guide.pk).update(pdf_status=GuideStatus.QUEUED, pdf_queued_at=now, pdf_requeued=0)
    guide.pdf_status, guide.pdf_queued_at, guide.pdf_requeued = GuideStatus.QUEUED, now, 0
    industry_guide_enqueue(guide)
    return guide


def guide_small_number_limit() -> int:
    """A guide belongs to no one project: the strictest threshold any project has set."""
    limits = Project.objects.values_list("small_number_limit", flat=True)
    return max(limits, default=suppression.DEFAULT_LIMIT)


@transaction.atomic
def industry_guide_link_rotate(*, guide: IndustryGuide) -> IndustryGuide:
    """A new link for companies; the old one stops working at once (also how a closed link is opened again)."""
    guide.public_token = uuid.uuid4()
    guide.save(update_fields=["public_token"])
    return guide


@transaction.atomic
def industry_guide_link_revoke(*, guide: IndustryGuide) -> IndustryGuide:
    """Close the link for companies: it answers 404 until a new one is made."""
    guide.public_token = None
    guide.save(update_fields=["public_token"])
    return guide


def industry_guide_context(*, guide: IndustryGuide) -> dict:
    rules = industry_guides.young_worker_rules(guide.industry)
    figures = industry_guides.industry_figures([guide.industry])[guide.industry.pk]
    limit = guide_small_number_limit()
    return {
        "guide": guide,
        "industry": guide.industry,
        "sections": {section: render_markdown(getattr(guide, section)) for section in IndustryGuide.SECTIONS},
        "rules": render_markdown(rules) if rules else None,
        "figures": figures,
        # The guide is public: a count of young people under the threshold is not printed.
        "youth_in_jobs": suppression.shown_figure(figures.youth_in_jobs, limit),
        "small_number_limit": limit,
        "generated_at": timezone.localtime(),
    }


def industry_guide_generate(*, guide: IndustryGuide) -> IndustryGuide:
    """Render the guide's current version and store it, unless the text changed meanwhile (a newer task follows)."""
    version = guide.content_version
    IndustryGuide.objects.filter(pk=guide.pk, content_version=version).update(pdf_status=GuideStatus.RENDERING)
    try:
        pdf = render_pdf(GUIDE_TEMPLATE, industry_guide_context(guide=guide))
    except Exception:  # a guide that cannot be made must say so on its page, not spin forever
        logger.exception("Industry guide %s failed", guide.pk)
        IndustryGuide.objects.filter(pk=guide.pk, content_version=version).update(pdf_status=GuideStatus.FAILED)
        guide.pdf_status = GuideStatus.FAILED
        return guide
    name = default_storage.save(f"brancheguider/{guide.download_name}", ContentFile(pdf))
    old_name = guide.pdf.name
    stored = IndustryGuide.objects.filter(pk=guide.pk, content_version=version).update(
        pdf=name, pdf_version=version, pdf_status=GuideStatus.READY, pdf_generated_at=timezone.now()
    )
    if not stored:  # the text changed while we rendered: this file is already out of date
        default_storage.delete(name)
    elif old_name and old_name != name:
        default_storage.delete(old_name)
    guide.refresh_from_db()
    return guide
