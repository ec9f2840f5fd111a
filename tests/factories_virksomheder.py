"""Factories for the companies' app. CVR numbers pass the modulus-11 check."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from fritidsjob.models import Industry
from tests.factories import UserFactory, YouthFactory
from virksomheder import services
from virksomheder.models import (
    Company,
    ContactPerson,
    Guidance,
    GuidanceForm,
    GuidanceTopic,
    JobOpening,
    cvr_completed,
)


def _valid_cvrs():
    for number in itertools.count(1000000):
        if cvr := cvr_completed(str(number)):
            yield cvr


_cvrs = _valid_cvrs()


def next_cvr() -> str:
    return next(_cvrs)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Virksomhed {n} ApS")
    cvr = factory.LazyFunction(next_cvr)
    industry = factory.LazyFunction(lambda: Industry.objects.order_by("position", "pk").first())
    postcode = "8800"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Butikschef"


class GuidanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guidance

    company = factory.SubFactory(CompanyFactory)
    date = factory.LazyFunction(timezone.localdate)
    form = GuidanceForm.VISIT
    topic = GuidanceTopic.RULES
    consultant = factory.SubFactory(UserFactory)


# Tuesday and Thursday 16-18: within the rules from 13 years.
TWO_AFTERNOONS = [{"weekday": 1, "start": "16:00", "end": "18:00"}, {"weekday": 3, "start": "16:00", "end": "18:00"}]


class JobOpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOpening

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Opfylder {n}")
    industry = factory.LazyAttribute(lambda opening: opening.company.industry)
    hours_per_week = Decimal("4")
    weekly_schedule = factory.LazyFunction(lambda: list(TWO_AFTERNOONS))
    min_age = 14
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


def make_placement(*, youth=None, company=None, start: datetime.date, end: datetime.date | None = None, **data):
    """A placement through the service (so it has its follow-ups), recorded as history: no rules or consent check."""
    youth = youth or YouthFactory()
    company = company or CompanyFactory()
    fields = {"company": company, "start": start, "end": end, "end_reason": "Stoppede" if end else "", **data}
    return services.placement_create(youth=youth, data=fields, check_rules=False, history=True)
