"""Writes to a young person's CV."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fritidsjob.models import Youth

from ..models import CV, MAX_EXPERIENCES, MAX_REFERENCES, CVExperience, CVReference

CV_FIELDS = ["profile", "skills", "school", "languages", "interests", "show_contact", "share_in_company_portal"]
EXPERIENCE_FIELDS = ["kind", "title", "place", "period", "description"]
REFERENCE_FIELDS = ["name", "relation", "phone", "email"]


def cv_for(*, youth: Youth) -> CV:
    """The young person's CV, or an unsaved one started from the case (school and class)."""
    cv = CV.objects.filter(youth=youth).first()
    if cv is None:
        school = ", ".join(
            part for part in [str(youth.school or ""), youth.school_class and f"{youth.school_class} klasse"] if part
        )
        cv = CV(youth=youth, school=school)
    return cv


@transaction.atomic
def cv_save(*, cv: CV, data: dict, experiences: list[dict], references: list[dict], updated_by) -> CV:
    """Store the CV with exactly these experiences and references (in this order)."""
    if len(experiences) > MAX_EXPERIENCES:
        raise ValidationError(_("Der er plads til højst %(max)s erfaringer på én side.") % {"max": MAX_EXPERIENCES})
    if len(references) > MAX_REFERENCES:
        raise ValidationError(_("Der er plads til højst %(max)s referencer på én side.") % {"max": MAX_REFERENCES})
    for field, value in data.items():
        if field not in CV_FIELDS:
            raise TypeError(f"CV has no settable field {field!r}")
        setattr(cv, field, value)
    cv.updated_by = updated_by
    cv.full_clean()
    cv.save()
    _sync(cv.experiences, CVExperience, cv, experiences, EXPERIENCE_FIELDS)
    _sync(cv.references, CVReference, cv, references, REFERENCE_FIELDS)
    return cv


def _sync(related, model, cv: CV, items: list[dict], fields: list[str]) -> None:
    """Make the CV's rows exactly `items`: an item with the "id" of a row updates it, others are new.

    Unchanged rows are not saved, so the audit trail records only real changes.
    """
    existing = {row.pk: row for row in related.all()}
    keep = set()
    for item in items:
        row = existing.get(item.get("id")) or model(cv=cv)
        changed = row.pk is None
        for field in fields:
            value = item.get(field, "")
            if getattr(row, field) != value:
                setattr(row, field, value)
                changed = True
        if changed:
            row.full_clean()
            row.save()
        keep.add(row.pk)
    for pk, row in existing.items():
        if pk not in keep:
            row.delete()
