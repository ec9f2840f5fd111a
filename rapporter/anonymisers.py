"""The reporting app holds no person's data: its texts are the project's (the funder's report is
checked for names before it is made), its imports are deleted after a week, and its counts are totals."""

from core import erasure

from .models import (
    Deliverable,
    ExportRecord,
    FundReport,
    ImportBatch,
    IndustryGuide,
    Project,
    ProjectChange,
    ReportText,
)

_WHY = {
    Project: "Indsatsens periode, mål og modtagere af rapporter",
    ProjectChange: "Ændringer af indsatsens mål",
    Deliverable: "Indsatsens leverancer",
    ReportText: "Rapportens fortælling om indsatsen (tjekkes for navne, før rapporten laves)",
    FundReport: "Rapporter med samlede tal",
    IndustryGuide: "Brancheguider til virksomheder",
    ImportBatch: "Importfiler slettes efter en uge (rapporter-glem-importfiler)",
    ExportRecord: "Hvem eksporterede hvilken liste; personerne står i revisionssporet",
}
for _model, _why in _WHY.items():
    erasure.keep(_model, why=_why)
