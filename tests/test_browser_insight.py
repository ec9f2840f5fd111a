"""A family's right of access in a real browser: a parent's request, the package made and downloaded."""

import io
import json
import zipfile

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from core.audit import record_access, trail_of
from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import JournalEntryFactory, YouthFactory
from .factories_foraeldre import ConsentFactory, ParentFactory

pytestmark = BROWSER_TEST_MARKS


def test_a_project_leader_answers_a_parents_request_with_the_packages(page, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    leader = make_user("projektleder", roles.PROJECT_LEADER, first_name="Pia", last_name="Projektleder")
    youth = YouthFactory(first_name="Freja", last_name="Indsigtsen")
    mother = ParentFactory(first_name="Mette", last_name="Indsigtsen", children=[youth], email="mette@example.dk")
    JournalEntryFactory(youth=youth, text="Freja vil gerne arbejde i en butik.", author=leader)
    ConsentFactory(youth=youth, given_by=mother, document=SimpleUploadedFile("samtykke.pdf", b"%PDF-1.4 scan"))
    page.set_viewport_size({"width": 390, "height": 844})  # the project leader's phone

    # Mette asks (by letter) what is stored about her and her daughter: find her, open her page.
    log_in(page, "projektleder")
    page.goto("/foraeldre/?name=Mette")
    page.get_by_role("link", name="Mette Indsigtsen").first.click()
    expect(page.get_by_role("heading", name="Mette Indsigtsen")).to_be_visible()
    page.get_by_role("link", name="Indsigt", exact=True).click()
    expect(page.get_by_role("heading", name="Indsigt for Mette Indsigtsen")).to_be_visible()
    expect(page.get_by_text("Samtykker, du har givet")).to_be_visible()

    with page.expect_download() as mother_download:
        page.get_by_role("button", name="Hent indsigtspakke (ZIP)").click()
    mother_zip = zipfile.ZipFile(mother_download.value.path())
    assert mother_download.value.suggested_filename.startswith(f"indsigt-foraelder-{mother.pk}-")
    assert json.loads(mother_zip.read("data.json"))["person"]["name"] == "Mette Indsigtsen"
    assert any(name.startswith("dokumenter/samtykke-") for name in mother_zip.namelist())

    # Then her daughter's package, from the case page.
    page.goto(youth.get_absolute_url())
    page.get_by_role("link", name="Indsigt", exact=True).click()
    with page.expect_download() as youth_download:
        page.get_by_role("button", name="Hent indsigtspakke (ZIP)").click()
    archive = zipfile.ZipFile(youth_download.value.path())
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("indsigt.pdf"))).pages)
    assert "Det har vi registreret om Freja Indsigtsen" in text
    assert "Freja vil gerne arbejde i en butik." in text

    # Both packages are in the persons' logs, as is the search that found Mette.
    for person in (mother, youth):
        made = trail_of(person).filter(action=LogEntry.Action.ACCESS, additional_data__has_key="insight")
        assert [entry.actor for entry in made] == [leader]
    assert LogEntry.objects.filter(additional_data__search="Mette", actor=leader).count() == 1


def test_the_administrator_reads_who_looked_at_a_young_person(page, make_user):
    make_user("admin", roles.ADMINISTRATOR, is_staff=True)
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    youth = YouthFactory(first_name="Freja", last_name="Logsen")
    YouthFactory(first_name="Anden", last_name="Ung")
    with set_actor(consultant):  # as the middleware does for her request (the log is append-only)
        record_access(youth, page=youth.get_absolute_url())
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, "admin")
    page.goto("/konto/adgangslog/")
    expect(page.get_by_role("heading", name="Adgangslog")).to_be_visible()
    page.get_by_label("Person (navn)").fill("freja")
    page.get_by_role("button", name="Filtrér").click()

    table = page.locator("#access-log-table")
    expect(table.get_by_role("link", name="Freja Logsen (ung)")).to_be_visible()
    expect(table).to_contain_text("Karen Konsulent")
    expect(table).to_contain_text(f"Side vist ({youth.get_absolute_url()})")
    expect(table).not_to_contain_text("Anden Ung")
