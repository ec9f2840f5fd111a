"""Writes for questionnaires and answers. Views, the import and the link page call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audited_bulk_create

from .models import (
    SCALE_MAX,
    SCALE_MIN,
    Milestone,
    ProgressionAnswer,
    ProgressionResponse,
    Questionnaire,
    QuestionnaireItem,
    ResponseSource,
)

QUESTIONNAIRE_FIELDS = ["name", "intro", "is_active", "send_link"]
ITEM_FIELDS = ["theme", "text", "order"]


@transaction.atomic
def questionnaire_create(*, data: dict) -> Questionnaire:
    questionnaire = Questionnaire(**{k: v for k, v in data.items() if k in QUESTIONNAIRE_FIELDS})
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, data: dict) -> Questionnaire:
    for field in QUESTIONNAIRE_FIELDS:
        if field in data:
            setattr(questionnaire, field, data[field])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _next_key(questionnaire: Questionnaire, text: str) -> str:
    from django.utils.text import slugify

    base = slugify(text)[:40] or "udsagn"
    taken = set(questionnaire.items.values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@transaction.atomic
def item_create(*, questionnaire: Questionnaire, data: dict) -> QuestionnaireItem:
    item = QuestionnaireItem(questionnaire=questionnaire, key=_next_key(questionnaire, data.get("text", "")))
    for field in ITEM_FIELDS:
        if field in data:
            setattr(item, field, data[field])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_change(*, item: QuestionnaireItem, data: dict) -> QuestionnaireItem:
    """Change a statement. Once answered it is kept as it was (retired) and a new version takes its place,
    so every answer keeps the text it was given with and the answers stay comparable."""
    if item.retired_at is not None:
        raise ValidationError(_("Udsagnet er taget ud og kan ikke ændres."))
    if not item.answers.exists():
        for field in ITEM_FIELDS:
            if field in data:
                setattr(item, field, data[field])
        item.full_clean()
        item.save()
        return item
    if all(getattr(item, field) == data.get(field, getattr(item, field)) for field in ITEM_FIELDS):
        return item
    item.retired_at = timezone.now()
    item.save(update_fields=["retired_at"])
    new = QuestionnaireItem(questionnaire=item.questionnaire, key=item.key, version=item.version + 1)
    for field in ITEM_FIELDS:
        setattr(new, field, data.get(field, getattr(item, field)))
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def item_retire(*, item: QuestionnaireItem) -> QuestionnaireItem:
    if item.retired_at is None:
        item.retired_at = timezone.now()
        item.save(update_fields=["retired_at"])
    return item


class AlreadyAnswered(ValidationError):
    pass


@transaction.atomic
def response_create(
    *,
    youth,
    questionnaire: Questionnaire,
    milestone: str,
    values: dict[int, int],
    source: str = ResponseSource.STAFF,
    recorded_by=None,
    answered_on: datetime.date | None = None,
) -> ProgressionResponse:
    """Save one answering of the questionnaire: every statement in use answered on the 1-5 scale.

    A milestone is answered once per young person and questionnaire (AlreadyAnswered otherwise).
    """
    items = list(questionnaire.items.in_use())
    missing = [item for item in items if item.pk not in values]
    if missing:
        raise ValidationError(_("Svar på alle udsagn."), code="missing")
    if any(not SCALE_MIN <= int(values[item.pk]) <= SCALE_MAX for item in items):
        raise ValidationError(_("Et svar skal være fra 1 til 5."), code="scale")
    if (
        milestone != Milestone.IMPORTED
        and ProgressionResponse.objects.filter(youth=youth, questionnaire=questionnaire, milestone=milestone).exists()
    ):
        raise AlreadyAnswered(_("Spørgeskemaet er allerede besvaret ved denne milepæl."), code="answered")
    response = ProgressionResponse(
        youth=youth,
        questionnaire=questionnaire,
        milestone=milestone,
        source=source,
        recorded_by=recorded_by,
        answered_on=answered_on or timezone.localdate(),
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:  # the same milestone answered at the same moment elsewhere
        raise AlreadyAnswered(_("Spørgeskemaet er allerede besvaret ved denne milepæl."), code="answered") from error
    audited_bulk_create(
        ProgressionAnswer,
        [ProgressionAnswer(response=response, item=item, value=int(values[item.pk])) for item in items],
    )
    return response


@transaction.atomic
def response_note_set(*, response: ProgressionResponse, note: str) -> ProgressionResponse:
    response.note = note.strip()
    response.full_clean(validate_constraints=False)
    response.save(update_fields=["note"])
    return response


@transaction.atomic
def imported_answer_save(
    *, youth, questionnaire: Questionnaire, item: QuestionnaireItem, day: datetime.date, value: int, ref: str
) -> ProgressionAnswer:
    """One answer from a paper measurement (the import): answers of one young person on one day are one
    answering, with the milestone "importeret"; a changed row updates its answer."""
    response, _created = ProgressionResponse.objects.get_or_create(
        import_ref=f"{youth.import_ref or youth.pk}|{day.isoformat()}",
        defaults={
            "youth": youth,
            "questionnaire": questionnaire,
            "milestone": Milestone.IMPORTED,
            "source": ResponseSource.IMPORT,
            "answered_on": day,
        },
    )
    answer = ProgressionAnswer.objects.filter(import_ref=ref).first()
    if answer is None:
        answer = ProgressionAnswer(import_ref=ref)
    answer.response, answer.item, answer.value = response, item, value
    answer.full_clean(validate_unique=False, validate_constraints=False)
    if ProgressionAnswer.objects.filter(response=response, item=item).exclude(pk=answer.pk).exists():
        raise ValidationError({"item": _("Spørgsmålet er allerede besvaret samme dag i en anden række.")})
    answer.save()
    return answer
