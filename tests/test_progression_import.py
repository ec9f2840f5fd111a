"""Import kind `progression` (issue 18): earlier measurements, all or nothing, idempotent."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fritidsjob.progression.models import Milestone, ProgressionAnswer, ProgressionResponse, ResponseSource
from opgaver.models import Reminder

from .factories import YouthFactory

pytestmark = pytest.mark.django_db

HEADER = "ref;ung_ref;dato;spoergsmaal;svar\n"


def write(tmp_path, body, name="progression.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8-sig")
    return str(path)


def run(path, *extra):
    import io

    out = io.StringIO()
    call_command("importer", "progression", path, *extra, stdout=out, stderr=out)
    return out.getvalue()


def test_a_bad_file_imports_nothing_and_names_every_bad_line(tmp_path):
    YouthFactory(import_ref="U1")
    path = write(
        tmp_path,
        "a1;U1;2023-03-01;tro_paa_job;4\n"
        "a2;U9;2023-03-01;tro_paa_job;4\n"
        "a3;U1;2023-03-01;findes ikke;4\n"
        "a4;U1;2023-03-01;nye_mennesker;7\n"
        "a5;U1;01-03-2099;nye_mennesker;2\n"
        "a6;U1;2023-03-01;Jeg tror på, at jeg kan klare et job;3\n",
    )
    import io

    err = io.StringIO()
    with pytest.raises(CommandError, match="Intet er importeret"):
        call_command("importer", "progression", path, stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert ProgressionAnswer.objects.count() == 0 and ProgressionResponse.objects.count() == 0
    for line, column in ((3, "ung_ref"), (4, "spoergsmaal"), (5, "svar"), (6, "dato"), (7, "spoergsmaal")):
        assert f"linje {line}: {column}:" in text


def test_the_import_is_idempotent_and_a_changed_row_updates_its_answer(tmp_path):
    youth = YouthFactory(import_ref="U1")
    body = (
        "a1;U1;2023-03-01;tro_paa_job;2\n"
        "a2;U1;2023-03-01;Jeg har nogen at tale med, når noget er svært;3\n"
        "a3;U1;2023-09-01;tro_paa_job;4\n"
    )
    run(write(tmp_path, body))
    responses = ProgressionResponse.objects.filter(youth=youth).order_by("answered_on")
    assert [(r.answered_on, r.milestone, r.source, r.answers.count()) for r in responses] == [
        (datetime.date(2023, 3, 1), Milestone.IMPORTED, ResponseSource.IMPORT, 2),
        (datetime.date(2023, 9, 1), Milestone.IMPORTED, ResponseSource.IMPORT, 1),
    ]
    before = sorted(ProgressionAnswer.objects.values_list("import_ref", "value"))
    run(write(tmp_path, body))
    assert sorted(ProgressionAnswer.objects.values_list("import_ref", "value")) == before
    run(write(tmp_path, body.replace("2023-09-01;tro_paa_job;4", "2023-09-01;tro_paa_job;5")))
    assert ProgressionAnswer.objects.get(import_ref="a3").value == 5
    assert ProgressionAnswer.objects.count() == 3
    assert Reminder.objects.count() == 0  # history never reminds
