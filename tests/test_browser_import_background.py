"""The project leader imports a large spreadsheet in the background, in a real browser with a real worker.

The live server queues the check and the import through Redis; a Celery worker (a separate
process, tests/test_import_worker.py) runs them; the page follows the progress by itself (htmx
polling the status) from "kontrolleres" to the result, without a reload.
"""

import pytest

from fritidsjob import roles
from fritidsjob.models import Youth
from tests.test_import_worker import background  # noqa: F401 (the worker fixture)

from .browser import BROWSER_TEST_MARKS, expect, log_in

pytestmark = [*BROWSER_TEST_MARKS, pytest.mark.redis]

ROWS = 3000
HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe"


def big_file() -> dict:
    lines = [HEADER] + [f"S{number};Navn{number};Efternavn;2010-03-15;ja" for number in range(ROWS)]
    return {"name": "unge.csv", "mimeType": "text/csv", "buffer": ("\r\n".join(lines) + "\r\n").encode("utf-8")}


def test_a_large_file_is_checked_and_imported_in_the_background_while_the_page_shows_progress(
    page,
    make_user,
    background,  # noqa: F811
):
    background()  # the worker
    make_user("projektleder", roles.PROJECT_LEADER)
    log_in(page, "projektleder")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    page.goto("/rapporter/import/")
    page.wait_for_load_state("load")
    page.get_by_label("Hvad indeholder filen?").select_option(label="Unge")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(big_file())
    page.get_by_role("button", name="Kontrollér filen").click()

    # Checked in the background: the bar shows how far, and the result replaces it by itself.
    expect(page.get_by_role("progressbar", name="Fremdrift")).to_be_visible()
    expect(page.locator("#importstatus")).to_contain_text("Filen bliver kontrolleret")
    expect(page.get_by_text("Filen er i orden.")).to_be_visible(timeout=90_000)
    expect(page.locator("#antal-oprettet")).to_have_text(str(ROWS))
    assert Youth.objects.count() == 0

    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text("Importen er sat i gang og kører i baggrunden.")).to_be_visible()
    expect(page.get_by_text("Importeret.", exact=True)).to_be_visible(timeout=90_000)
    expect(page.locator("#antal-oprettet")).to_have_text(str(ROWS))
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert Youth.objects.filter(import_ref__startswith="S").count() == ROWS
