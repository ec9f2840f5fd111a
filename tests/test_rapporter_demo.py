import pytest

from rapporter import demo
from rapporter.models import DeliverableStatus, IndustryGuide, Project, ReportText

from .factories_rapporter import seeded_project

pytestmark = pytest.mark.django_db


def test_demo_content_is_made_once():
    first = demo.seed(seed=1)
    second = demo.seed(seed=1)

    project = seeded_project()
    assert first == (
        "Rapporter: indsatsen sammen-om-fritidsjob-2025 (ny), rapporttekster, 5 leverancer leveret (5 nye), "
        "3 nye brancheguider."
    )
    assert second == (
        "Rapporter: indsatsen sammen-om-fritidsjob-2025 (findes), rapporttekster, 5 leverancer leveret (0 nye), "
        "0 nye brancheguider."
    )
    assert Project.objects.filter(slug="sammen-om-fritidsjob-2025").count() == 1
    assert project.deliverables.filter(status=DeliverableStatus.DELIVERED).count() == 5
    assert IndustryGuide.objects.count() == 3
    assert "Demotekst" in ReportText.objects.get(project=project).summary
