"""Mine opgaver in a real browser: from a reminder in the inbox to the case, and back to mark it done.

(The issue's journey through a six-month follow-up of a placement comes with
the placement rules in phase 2.)
"""

import datetime
import re
from pathlib import Path

from django.utils import timezone

from fritidsjob import roles
from opgaver import services
from opgaver.models import Task, TaskStatus

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .factories_opgaver import TaskFactory

pytestmark = BROWSER_TEST_MARKS
SCREENSHOT = Path("/tmp/mine_opgaver.png")


def test_consultant_follows_a_task_to_the_case_and_marks_it_done(page, make_user):
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", email="karen@example.dk")
    today = timezone.localdate()
    # Registered 60 days ago and nothing in the journal since: the rule makes a task due today.
    youth = YouthFactory(
        first_name="Ida",
        last_name="Holm",
        responsible_staff=consultant,
        registered_on=today - datetime.timedelta(days=60),
    )
    services.reminder_rules_sync(today=today)
    services.reminder_rules_run(now=timezone.now())
    reminder_task = Task.objects.get(youth=youth)
    TaskFactory(assignee=consultant, title="Aftal møde med forældrene", due_date=today + datetime.timedelta(days=3))

    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet
    log_in(page, "konsulent")
    menu_link = page.get_by_role("navigation").get_by_role("link", name=re.compile("^Mine opgaver"))
    expect(menu_link.locator("#opgaver-antal")).to_have_text("2")
    menu_link.click()

    expect(page.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ingen journalnotat i 60 dage")
    expect(row).to_contain_text("I dag")
    row.get_by_role("link", name="Ida Holm").click()

    expect(page).to_have_url(re.compile(rf"/unge/{youth.pk}/$"))
    expect(page.get_by_role("heading", name="Ida Holm")).to_be_visible()

    menu_link.click()
    expect(page).to_have_url(re.compile(r"/opgaver/$"))
    expect(page.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    # The count is loaded after the page (htmx): wait for it, or the change event may come before it listens.
    expect(menu_link.locator("#opgaver-antal")).to_have_text("2")
    page.evaluate("window.__marker = 1")
    row.get_by_role("button", name="Markér som udført").click()

    expect(row.get_by_role("status")).to_have_text("Udført ✓")
    expect(menu_link.locator("#opgaver-antal")).to_have_text("1")  # the menu count followed, without a reload
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: htmx did not swap the row"
    reminder_task.refresh_from_db()
    assert (reminder_task.status, reminder_task.completed_by) == (TaskStatus.DONE, consultant)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.reload()
    expect(page.get_by_role("row").filter(has_text="Aftal møde med forældrene")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ingen journalnotat i 60 dage")).to_have_count(0)


def test_consultant_gives_a_task_to_a_colleague_from_the_inbox(page, make_user):
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", email="karen@example.dk")
    make_user("ungdomsskole", roles.YOUTH_SCHOOL, first_name="Ulla", last_name="Skov")
    task = TaskFactory(assignee=consultant, title="Ring til skolen", due_date=timezone.localdate())

    log_in(page, "konsulent")
    page.goto("/opgaver/")
    row = page.get_by_role("row").filter(has_text="Ring til skolen")
    page.evaluate("window.__marker = 1")
    row.get_by_role("link", name="Giv videre").click()
    # The choice of colleague is fetched for this row only, into the row.
    row.get_by_label("Giv opgaven til").select_option(label="Ulla Skov")
    row.get_by_role("button", name="Giv videre").click()

    expect(row.get_by_role("status")).to_have_text("Givet til Ulla Skov")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded: htmx did not swap the row"
    task.refresh_from_db()
    assert task.assignee.username == "ungdomsskole"
