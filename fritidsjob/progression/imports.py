"""Import kind `progression` (issue 18): earlier measurements from paper, one row per answer.

Columns: ref (the answer's own reference), ung_ref, dato, spoergsmaal (a statement's key, e.g.
tro_paa_job, or its text, any case), svar (1-5). Rows of one young person on one day are one
answering (milestone "importeret"): they never count as a milestone asked, and no reminder is made.
"""

from typing import Any

from django.utils import timezone

from core.importing import ImportKind, Key, Planned, Row, fold, register

from ..models import Youth
from . import services
from .models import SCALE_MAX, SCALE_MIN, ProgressionAnswer, Questionnaire

CHUNK = 500


@register
class ProgressionImport(ImportKind):
    name = "progression"
    order = 95  # after the young people (ung_ref)
    label = "Progression (tidligere målinger)"
    columns = ("ref", "ung_ref", "dato", "spoergsmaal", "svar")
    required = frozenset(columns)
    field_columns = {"import_ref": "ref", "item": "spoergsmaal", "value": "svar", "response": "dato"}

    def __init__(self):
        self.youths: dict[str, Youth] | None = None
        self.items: dict[str, Any] | None = None
        self.questionnaire = None  # loaded on first use: the upload page makes every kind without a query
        self.seen: dict[tuple, int] = {}  # (ung_ref, dato, item) -> line: the file answers each once a day

    def existing(self, keys: list[Key]) -> dict[Key, ProgressionAnswer]:
        refs = [ref for (ref,) in keys]
        found = {}
        for start in range(0, len(refs), CHUNK):
            answers = ProgressionAnswer.objects.filter(import_ref__in=refs[start : start + CHUNK])
            for answer in answers.select_related("response__youth", "item"):
                found[(answer.import_ref,)] = answer
        return found

    def _load(self) -> None:
        if self.youths is None:
            self.questionnaire = Questionnaire.objects.current()
            self.youths = {
                y.import_ref: y
                for y in Youth.objects.filter(import_ref__isnull=False).only("pk", "import_ref", "birth_date")
            }
            self.items = {}
            if self.questionnaire is not None:
                # Retired versions first, so the statement in use wins where key or text is shared.
                for item in self.questionnaire.items.order_by("-retired_at", "version"):
                    self.items[fold(item.key)] = item
                    self.items[fold(item.text)] = item

    def parse(self, row: Row, instance: ProgressionAnswer | None) -> dict[str, Any]:
        self._load()
        data: dict[str, Any] = {"ref": row.text("ref", required=True, max_length=100)}
        data["day"] = row.date("dato", required=True)
        if data["day"] and data["day"] > timezone.localdate():
            row.error("dato", "datoen ligger i fremtiden")
        ung_ref = row.text("ung_ref", required=True)
        data["youth"] = self.youths.get(ung_ref) if ung_ref else None
        if ung_ref and data["youth"] is None:
            row.error("ung_ref", f'ukendt ung "{ung_ref}" – importér de unge først')
        elif data["youth"] and data["day"] and data["day"] < data["youth"].birth_date:
            row.error("dato", "datoen ligger før den unges fødselsdato")
        question = row.text("spoergsmaal", required=True)
        data["item"] = self.items.get(fold(question)) if question else None
        if question and data["item"] is None:
            row.error("spoergsmaal", f'ukendt spørgsmål "{question}" – skriv udsagnets nøgle eller tekst')
        answer = row.text("svar", required=True)
        data["value"] = None
        if answer:
            if answer.strip().isdigit() and SCALE_MIN <= int(answer) <= SCALE_MAX:
                data["value"] = int(answer)
            else:
                row.error("svar", f"svaret skal være et helt tal fra {SCALE_MIN} til {SCALE_MAX}")
        if data["item"] is not None and data["day"] and ung_ref:
            key = (ung_ref, data["day"], data["item"].key)
            if key in self.seen:
                row.error("spoergsmaal", f"spørgsmålet er besvaret samme dag i linje {self.seen[key]}")
            self.seen.setdefault(key, row.line)
        return data

    def is_unchanged(self, instance: ProgressionAnswer, data: dict[str, Any]) -> bool:
        return (
            instance.value == data["value"]
            and instance.item_id == data["item"].pk
            and instance.response.youth_id == data["youth"].pk
            and instance.response.answered_on == data["day"]
        )

    def save(self, instance: ProgressionAnswer | None, data: dict[str, Any]) -> ProgressionAnswer:
        return services.imported_answer_save(
            youth=data["youth"],
            questionnaire=self.questionnaire,
            item=data["item"],
            day=data["day"],
            value=data["value"],
            ref=data["ref"],
        )


__all__ = ["Planned", "ProgressionImport"]
