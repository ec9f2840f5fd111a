"""The idle time-out warning in a real browser, on a phone (static/js/session.js).

The server's idle limit is set to one minute, so the page warns at once; the browser's clock
is Playwright's, and the server's "last activity" is moved back in the session store rather
than waiting for it.
"""

import re

from django.contrib.sessions.backends.db import SessionStore

from fritidsjob import roles, session_limits
from fritidsjob.models import SecurityEvent, SecurityEventKind

from .browser import BROWSER_TEST_MARKS, expect, log_in

pytestmark = BROWSER_TEST_MARKS


def _move_activity_back(page, seconds: int) -> None:
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[session_limits.LAST_ACTIVITY] -= seconds
    session.save()


def test_the_page_warns_lets_the_user_stay_and_signs_out_at_zero(page, make_user, settings):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen")
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 1  # a minute left from the start: the warning comes at once
    page.set_viewport_size({"width": 390, "height": 844})
    page.clock.install()
    log_in(page, "konsulent")
    page.wait_for_load_state("networkidle")  # the menu's badges are htmx requests: activity too

    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(re.compile(r"Du bliver logget ud om \d+ sekunder"))
    box = warning.bounding_box()
    assert box is not None and box["width"] <= 390

    # "Bliv logget ind" tells the server the user is here.
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        warning.get_by_role("button", name="Bliv logget ind").click()
    assert answer.value.json()["signed_in"] is True

    # Idle on the server too, then the countdown runs out: the login page says why.
    _move_activity_back(page, 120)
    page.clock.run_for(61_000)
    expect(page.get_by_text("fordi du ikke har været aktiv i 1 minutter")).to_be_visible()
    expect(page.get_by_role("button", name="Log ind")).to_be_visible()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_EXPIRED, username="konsulent").count() == 1
