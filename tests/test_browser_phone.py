"""On a 390 px phone the busiest pages fit the screen: nothing runs off to the right."""

import datetime

from django.utils import timezone

from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory
from .factories_opgaver import TaskFactory
from .factories_talentvaerksted import CourseFactory, CourseSessionFactory, EnrollmentFactory

pytestmark = BROWSER_TEST_MARKS
PHONE = {"width": 390, "height": 844}

# The widest element of the page and how far it reaches, for the failure message.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.right > right && getComputedStyle(element).position !== 'fixed') { right = box.right; widest = element; }
  }
  return {pageWidth: document.documentElement.scrollWidth,
          widest: widest && (widest.tagName + '.' + widest.className + ' ' + (widest.textContent || '').trim().slice(0, 40)),
          right: Math.round(right)};
}"""


# Buttons and form fields that reach past the screen's right edge (scrolled away or cut off).
OFF_SCREEN_CONTROLS = """(width) => [...document.querySelectorAll('main .btn, main button, main input, main select')]
  .filter(control => control.offsetParent !== null && control.getBoundingClientRect().right > width + 1)
  .map(control => (control.textContent || control.name || '').trim().slice(0, 40))"""


def assert_fits_the_phone(page):
    layout = page.evaluate(WIDEST)
    assert layout["pageWidth"] <= PHONE["width"], layout
    assert page.evaluate(OFF_SCREEN_CONTROLS, PHONE["width"]) == []


def test_the_course_page_and_the_task_inbox_fit_a_phone(page, make_user):
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen")
    today = timezone.localdate()
    course = CourseFactory(title="Klar til job – forår", start_date=today - datetime.timedelta(days=14))
    for days in (-14, -7, 0, 7):
        CourseSessionFactory(course=course, date=today + datetime.timedelta(days=days))
    for number in range(4):
        EnrollmentFactory(course=course, youth=YouthFactory(first_name=f"Deltager{number}", last_name="Langenavnsen"))
    for number in range(3):
        TaskFactory(
            assignee=consultant,
            title=f"Ring til forældrene om samtykke og mødetider nummer {number}",
            youth=YouthFactory(first_name="Mathilde", last_name="Kristensen-Østergaard"),
            due_date=today + datetime.timedelta(days=number),
        )

    page.set_viewport_size(PHONE)
    log_in(page, "konsulent")

    page.goto(course.get_absolute_url())
    expect(page.get_by_role("heading", name="Klar til job – forår")).to_be_visible()
    assert_fits_the_phone(page)

    page.goto("/opgaver/")
    expect(page.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    assert_fits_the_phone(page)
