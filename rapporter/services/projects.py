"""Writes to projects, their targets (with history), deliverables and the report texts."""

import datetime

from django.db import transaction

from core.kpis import KPIS
from fritidsjob.services import apply_fields

from ..models import Deliverable, Project, ProjectChange, ReportText, split_recipients

# Fields a form may set on a project directly (targets go separately, with history).
PROJECT_FIELDS = ["slug", "name", "funder", "start", "end", "caseload_norm", "small_number_limit", "report_recipients"]
DELIVERABLE_FIELDS = ["kind", "title", "status", "due_date", "delivered_on", "note", "position"]


def _targets(old: dict, new: dict[str, int | None]) -> dict[str, int]:
    """The edited targets of the registered KPIs, keeping targets of keys no longer registered."""
    kept = {key: value for key, value in (old or {}).items() if key not in KPIS}
    return {**kept, **{key: int(value) for key, value in new.items() if value is not None}}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _normalise(project: Project) -> None:
    project.report_recipients = "\n".join(split_recipients(project.report_recipients))


@transaction.atomic
def project_create(*, data: dict, targets: dict[str, int | None]) -> Project:
    project = Project()
    apply_fields(project, data, PROJECT_FIELDS)
    project.targets = _targets({}, targets)
    _normalise(project)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(
    *, project: Project, data: dict, targets: dict[str, int | None], changed_by, note: str = ""
) -> Project:
    """Change a project; every changed target, name, funder or date is written to its history."""
    stored = Project.objects.select_for_update().get(pk=project.pk)
    apply_fields(project, data, PROJECT_FIELDS)
    project.targets = _targets(stored.targets, targets)
    _normalise(project)
    project.full_clean()
    project.save()

    changes = [
        ProjectChange(
            project=project,
            what=field,
            old_value=_as_text(getattr(stored, field)),
            new_value=_as_text(getattr(project, field)),
            note=note,
            changed_by=changed_by,
        )
        for field in ProjectChange.PROJECT_FIELDS
        if getattr(stored, field) != getattr(project, field)
    ]
    old_targets, new_targets = stored.targets or {}, project.targets
    for key in [*KPIS, *sorted((set(old_targets) | set(new_targets)) - set(KPIS))]:
        if old_targets.get(key) != new_targets.get(key):
            changes.append(
                ProjectChange(
                    project=project,
                    what=key,
                    old_value=_as_text(old_targets.get(key)),
                    new_value=_as_text(new_targets.get(key)),
                    note=note,
                    changed_by=changed_by,
                )
            )
    ProjectChange.objects.bulk_create(changes)
    return project


@transaction.atomic
def deliverable_create(*, project: Project, data: dict) -> Deliverable:
    deliverable = Deliverable(project=project)
    apply_fields(deliverable, data, DELIVERABLE_FIELDS)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_update(*, deliverable: Deliverable, data: dict) -> Deliverable:
    apply_fields(deliverable, data, DELIVERABLE_FIELDS)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_delete(*, deliverable: Deliverable) -> None:
    deliverable.delete()


@transaction.atomic
def report_text_save(*, project: Project, data: dict[str, str]) -> ReportText:
    text, _created = ReportText.objects.get_or_create(project=project)
    for section in ReportText.SECTIONS:
        if section in data:
            setattr(text, section, data[section])
    text.full_clean()
    text.save()
    return text
