import datetime

import factory
from django.utils import timezone

from fritidsjob.models import Industry
from rapporter.models import (
    Deliverable,
    DeliverableKind,
    FundReport,
    GuideStatus,
    ImportBatch,
    ImportStatus,
    IndustryGuide,
    Project,
    ReportStatus,
)

from .factories import UserFactory

SEEDED_PROJECT = "sammen-om-fritidsjob"
YOUTH_CSV = b"ref;fornavn;efternavn;foedselsdato;maalgruppe\r\nF1;Fabrikka;Importsen;2010-05-01;ja\r\n"


def seeded_project() -> Project:
    return Project.objects.get(slug=SEEDED_PROJECT)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"indsats-{n}")
    name = factory.Sequence(lambda n: f"Indsats {n}")
    funder = "Testfonden"
    start = datetime.date(2023, 1, 1)
    end = datetime.date(2025, 12, 31)
    targets = factory.LazyFunction(dict)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    project = factory.SubFactory(ProjectFactory)
    kind = DeliverableKind.INSPIRATION_TALK
    title = factory.Sequence(lambda n: f"Inspirationsoplæg {n}")


class FundReportFactory(factory.django.DjangoModelFactory):
    """A finished report with a (tiny, fake) PDF."""

    class Meta:
        model = FundReport

    project = factory.SubFactory(ProjectFactory)
    as_of = datetime.date(2024, 6, 30)
    status = ReportStatus.DONE
    file = factory.django.FileField(data=b"%PDF-1.4 fake report", filename="rapport.pdf")
    finished_at = factory.LazyFunction(timezone.now)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry

    name = factory.Sequence(lambda n: f"Testbranche {n}")
    position = 100


class IndustryGuideFactory(factory.django.DjangoModelFactory):
    """A guide with a (tiny, fake) PDF of its current version."""

    class Meta:
        model = IndustryGuide

    industry = factory.SubFactory(IndustryFactory)
    why_hire = "Unge er nysgerrige."
    pdf = factory.django.FileField(data=b"%PDF-1.4 fake guide", filename="guide.pdf")
    pdf_version = 1
    pdf_status = GuideStatus.READY
    pdf_generated_at = factory.LazyFunction(timezone.now)


class ImportBatchFactory(factory.django.DjangoModelFactory):
    """An upload whose dry run passed, waiting to be confirmed."""

    class Meta:
        model = ImportBatch

    kind = "unge"
    file = factory.django.FileField(data=YOUTH_CSV, filename="unge.csv")
    filename = "unge.csv"
    status = ImportStatus.READY
    dry_run = factory.LazyFunction(lambda: {"created": 1, "updated": 0, "unchanged": 0, "errors": []})
    uploaded_by = factory.SubFactory(UserFactory)
