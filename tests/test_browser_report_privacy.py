"""The funder report's privacy in a real browser (issue 14): the project leader sets the threshold for small
numbers, writes a young person's name in the report text and is stopped with the words named, removes it and
gets the report; the funder's dashboard shows the protected cells as "skjult"."""

import datetime

from django.urls import reverse

from fritidsjob import roles
from fritidsjob.models import Gender
from rapporter.models import FundReport, Project

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .kpi_fakes import register_test_kpis

pytestmark = BROWSER_TEST_MARKS


def test_threshold_name_check_and_the_funders_hidden_cells(page, make_user, monkeypatch):
    register_test_kpis(monkeypatch)  # "test_registreret" counts the young people registered
    make_user("leder", roles.PROJECT_LEADER)
    make_user("fond", roles.FUNDER)
    YouthFactory(
        first_name="Zelmira", last_name="Quistgaard", gender=Gender.GIRL, registered_on=datetime.date(2022, 3, 1)
    )
    for day in (2, 3, 4, 5):
        YouthFactory(gender=Gender.BOY, registered_on=datetime.date(2022, 3, day))
    project = Project.objects.get(slug="sammen-om-fritidsjob")

    log_in(page, "leder")
    page.goto(reverse("rapporter:project_update", args=[project.slug]))
    page.get_by_label("Grænse for små tal").fill("4")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Grænse for små tal", exact=True)).to_be_visible()
    project.refresh_from_db()
    assert project.small_number_limit == 4

    page.goto(reverse("rapporter:report_create", args=[project.slug]))
    page.get_by_label("Opgørelsesdato").fill("2023-06-30")
    page.get_by_label("Sammenfatning").fill("Zelmira Quistgaard fik sit første fritidsjob.")
    page.get_by_role("button", name="Lav rapporten").click()
    expect(page.get_by_text("Teksten nævner navne på unge eller forældre: »Zelmira Quistgaard«")).to_be_visible()
    assert not FundReport.objects.exists()

    page.get_by_label("Sammenfatning").fill("En ung fik sit første fritidsjob.")
    page.get_by_role("button", name="Lav rapporten").click()
    expect(page.get_by_role("heading", name="Statusrapport pr. 30. juni 2023")).to_be_visible()

    # The funder: girls 1 is under 4, and boys 4 is hidden with it, or 5 - 4 would give the girls away.
    page.context.clear_cookies()
    log_in(page, "fond")
    page.goto(f"{reverse('rapporter:kpi_overview')}?opgoerelsesdato=2023-06-30&opdeling=koen")
    table = page.get_by_role("table", name="Nøgletal opdelt efter køn")
    expect(table.get_by_role("row", name="Pige")).to_contain_text("skjult")
    expect(table.get_by_role("row", name="Dreng")).to_contain_text("skjult")
    expect(page.get_by_text("Tal under 4 vises ikke")).to_be_visible()
