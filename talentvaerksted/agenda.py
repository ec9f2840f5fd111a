"""Course sessions on the calendar, the feed and "I dag" (one query)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import SOURCE_LIMIT, Item, register
from core.scoping import visible_to

from .models import Course, CourseSession


@register("moedegang", gettext_lazy("Mødegange"))
def course_sessions(*, user, start, end):
    """Sessions of every course staff may see; mine: the courses I lead. The roll call is one tap away."""
    leads = Course.leaders.through.objects.filter(course=OuterRef("course"), user=user)
    sessions = (
        visible_to(CourseSession.objects, user)
        .filter(date__gte=start, date__lte=end)
        .select_related("course")
        .annotate(mine=Exists(leads))
        .order_by("date", "start_time", "pk")[:SOURCE_LIMIT]
    )
    roll_call = user.has_perm("talentvaerksted.add_attendance")
    return [
        Item(
            date=session.date,
            start=session.start_time,
            end=session.end_time,
            title=_("Mødegang: %(course)s") % {"course": session.course.title},
            url=reverse(
                "talentvaerksted:roll_call" if roll_call else "talentvaerksted:course_detail",
                args=[session.pk if roll_call else session.course_id],
            ),
            mine=session.mine,
            uid=f"coursesession-{session.pk}",
        )
        for session in sessions
    ]
