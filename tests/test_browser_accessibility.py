"""Keyboard and screen-reader journeys: the skip link, the accessibility statement from the footer and
/was, a scroll region reached by Tab, and a filtered list's new count read out through the live region."""

import re

from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .factories import YouthFactory

pytestmark = BROWSER_TEST_MARKS


def test_skip_link_and_the_statement_from_the_footer_and_was(page):
    page.goto("/konto/log-ind/")
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", name="Tilgængelighedserklæring", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Håndhævelse")).to_be_visible()

    page.reload()  # start the keyboard walk at the top of a fresh page
    skip = page.get_by_role("link", name="Spring til indhold")
    expect(skip).not_to_be_in_viewport()  # out of sight until a keyboard user reaches it
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#indhold")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the content, past the menu bar
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")

    page.goto("/was")
    expect(page).to_have_url(re.compile(r"/tilgaengelighed/$"))


def test_a_filtered_lists_new_count_is_read_out(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT)
    YouthFactory(first_name="Ida", last_name="Holm")
    YouthFactory(first_name="Ole", last_name="Bak")
    YouthFactory(first_name="Isak", last_name="Holm")
    log_in(page, "konsulent")

    page.goto("/unge/")
    wait_for_htmx(page)
    live = page.locator("#live-status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("")  # what the page shows when it opens is not read out

    page.get_by_label("Navn").fill("Holm")
    expect(page.locator("#youth-table")).not_to_contain_text("Ole")
    expect(live).to_have_text("2 unge")


def test_a_wide_table_on_a_phone_is_reached_by_tab_and_named(page, make_user):
    make_user("admin", roles.ADMINISTRATOR, is_staff=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "admin")

    page.goto("/konto/brugere/")
    region = page.get_by_role("region", name="Brugere")
    assert page.evaluate("(box) => box.scrollWidth > box.clientWidth", region.element_handle())
    page.get_by_role("heading", name="Brugere").click()  # start the Tab walk at the page's content
    for _ in range(30):
        page.keyboard.press("Tab")
        if region.evaluate("(box) => box === document.activeElement"):
            break
    expect(region).to_be_focused()
    # Focus shows: the outline from fritidsjob.css, not only the browser's default.
    assert region.evaluate("(box) => getComputedStyle(box).outlineStyle") == "solid"
