"""The idle time-out warning in a real browser, on a phone (static/js/session.js).

The server's idle limit is set to one minute, so the page warns at once. (The sign-out at
zero is tested on the server, tests/test_session_limits.py.)
"""

import re

from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect, log_in

pytestmark = BROWSER_TEST_MARKS


def test_the_page_warns_and_lets_the_user_stay(page, make_user, settings):
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
