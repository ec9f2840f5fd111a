"""The reporting app holds no person's data: its texts are the project's (the funder's report is
checked for names before it is made), its imports are deleted after a week, and its counts are totals.
Only an export's filters can name someone (a search for a whole name): those are removed."""

from urllib.parse import quote_plus

from django.db.models import Q
from django.http import QueryDict

from core import erasure
from core.audit import audited_update

from .models import (
    Deliverable,
    ExportRecord,
    FundReport,
    ImportBatch,
    IndustryGuide,
    Project,
    ProjectChange,
    ReportText,
    StoredFigures,
)

_WHY = {
    Project: "Indsatsens periode, mål og modtagere af rapporter",
    ProjectChange: "Ændringer af indsatsens mål",
    Deliverable: "Indsatsens leverancer",
    ReportText: "Rapportens fortælling om indsatsen (tjekkes for navne, før rapporten laves)",
    FundReport: "Rapporter med samlede tal",
    IndustryGuide: "Brancheguider til virksomheder",
    ImportBatch: "Importfiler slettes efter en uge (rapporter-glem-importfiler)",
    StoredFigures: "Gemte nøgletal: samlede tal, ingen person (de er de samme før og efter en anonymisering)",
}
for _model, _why in _WHY.items():
    erasure.keep(_model, why=_why)


def _export_filters(run, person):
    """After every other anonymiser (it reads the values they collected): a filter naming the person goes."""
    values = sorted(run.values)
    if not values:
        return
    naming = Q(pk__in=[])
    for value in values:
        naming |= Q(query__icontains=value) | Q(query__icontains=quote_plus(value))
    for record in ExportRecord.objects.filter(naming):
        filters = QueryDict(record.query, mutable=True)
        for key in filters:
            filters.setlist(
                key,
                [
                    erasure.REMOVED if any(value.casefold() in item.casefold() for value in values) else item
                    for item in filters.getlist(key)
                ],
            )
        run.touched([record])
        audited_update(ExportRecord.objects.filter(pk=record.pk), query=filters.urlencode()[:1000])


for _subject in ("ung", "foraelder"):
    erasure.anonymiser(ExportRecord, subject=_subject, order=1000)(_export_filters)
