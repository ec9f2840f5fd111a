"""Celery tasks for companies: thin, the work is in virksomheder/cvr.py."""

import dataclasses

from celery import shared_task
from django.utils import timezone

from . import cvr


@shared_task(acks_late=True)
def refresh_companies_from_cvr() -> dict:
    """Beat's nightly tick: the network's companies from the CVR register, what changed recorded on each."""
    return dataclasses.asdict(cvr.companies_refresh(now=timezone.now()))
