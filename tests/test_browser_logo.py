"""The municipality's logo in the header and the town from the postcode (issue 20), in a browser on a phone."""

from io import StringIO

from django.core.management import call_command

from fritidsjob import roles

from .axe import AXE_SCRIPT, describe, serious_violations
from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .test_opsaet_kommune import SVG

pytestmark = BROWSER_TEST_MARKS


def test_the_logo_stands_in_the_header_of_a_phone_with_the_name_as_alt_text(page, make_user, tmp_path):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    logo = tmp_path / "logo.svg"
    logo.write_text(SVG, encoding="utf-8")
    call_command("opsaet_kommune", "--navn", "Silkeborg Kommune", "--logo", str(logo), stdout=StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_init_script(path=str(AXE_SCRIPT))  # through the DevTools protocol: the page's CSP does not apply

    log_in(page, "konsulent")

    image = page.get_by_role("img", name="Silkeborg Kommune")
    expect(image).to_be_visible()
    box = image.bounding_box()
    assert box["width"] > 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert page.evaluate("() => document.querySelector('img.navbar-logo').naturalWidth") > 0  # it loaded
    assert [describe(violation) for violation in serious_violations(page)] == []


def test_the_town_is_filled_as_the_postcode_is_typed(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, "konsulent")
    page.goto("/virksomheder/ny/")
    wait_for_htmx(page)
    page.get_by_label("Postnummer").fill("8830")
    page.get_by_label("Postnummer").press("Tab")

    expect(page.get_by_label("By")).to_have_value("Tjele")
