"""Keyboard and screen-reader journeys: the skip link, the accessibility statement from the footer and
/was, a scroll region reached by Tab, a filtered list's new count read out through the live region,
and axe-core on states only use reaches (the opened phone menu, a form with errors)."""

import re

from fritidsjob import roles

from .axe import AXE_SCRIPT, describe, serious_violations
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


def _serious_violations(page) -> list[str]:
    return [describe(violation) for violation in serious_violations(page)]


def test_states_a_page_only_reaches_by_use_pass_axe_too(page, make_user):
    """The opened phone menu and a form showing its errors, which the page-by-page axe test never sees."""
    make_user("konsulent", roles.JOBCENTER_CONSULTANT)
    page.context.add_init_script(path=str(AXE_SCRIPT))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "konsulent")

    page.get_by_role("button", name="Vis menu").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Unge")).to_be_visible()
    assert _serious_violations(page) == []

    page.goto("/unge/ny/")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert _serious_violations(page) == []


def test_the_axe_harness_reports_what_it_should(page):
    """A guard for the guard: light grey text on white is reported with its rule and target."""
    page.context.add_init_script(path=str(AXE_SCRIPT))
    page.goto("/tilgaengelighed/")
    assert serious_violations(page) == []
    page.evaluate("""() => {
      const text = document.createElement("p");
      text.id = "lav-kontrast";
      text.textContent = "Næsten usynlig tekst";
      text.style.color = "#cccccc";  // through the CSSOM: the CSP refuses style attributes, not this
      document.querySelector("main").append(text);
    }""")
    found = serious_violations(page)
    assert [(v["rule"], v["targets"]) for v in found] == [("color-contrast", ["#lav-kontrast"])]
