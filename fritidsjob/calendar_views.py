"""The calendar (week and month) and the secret iCal feed, both read from core/agenda.py."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from core import agenda, ical
from core.formatting import long_month

from . import services
from .models import CalendarFeed

WEEK, MONTH = "uge", "maaned"
# The feed: from a month back to a quarter ahead, what a calendar app shows of a working programme.
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 31, 92


class CalendarFilterForm(forms.Form):
    visning = forms.ChoiceField(
        label=gettext_lazy("Visning"),
        choices=[(WEEK, gettext_lazy("Uge")), (MONTH, gettext_lazy("Måned"))],
        required=False,
    )
    dato = forms.DateField(label=gettext_lazy("Dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mine = forms.BooleanField(label=gettext_lazy("Kun mine"), required=False)
    type = forms.MultipleChoiceField(
        label=gettext_lazy("Type"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(source.kind, source.label) for source in agenda.sources()]


def period(view: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day shown: Monday to Sunday of the week, or the whole weeks the month touches."""
    if view == MONTH:
        first = day.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return first - datetime.timedelta(days=first.weekday()), last + datetime.timedelta(days=6 - last.weekday())
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


class CalendarView(PermissionRequiredMixin, TemplateView):
    """Sessions, meetings and follow-ups by week or month; filter on mine and on type. Staff only."""

    permission_required = "fritidsjob.view_youth"
    template_name = "fritidsjob/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = CalendarFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        view = data.get("visning") or WEEK
        day = data.get("dato") or today
        start, end = period(view, day)
        items = agenda.items_between(
            user=self.request.user, start=start, end=end, kinds=data.get("type") or None, mine_only=data.get("mine")
        )
        days = []
        for offset in range((end - start).days + 1):
            date = start + datetime.timedelta(days=offset)
            days.append(
                {
                    "date": date,
                    "items": [item for item in items if item.date == date],
                    "today": date == today,
                    "outside": view == MONTH and date.month != day.month,
                }
            )
        step = datetime.timedelta(days=7) if view == WEEK else None
        previous = day - step if step else (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        following = day + step if step else (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        query = self.request.GET.copy()
        links = {}
        for name, value in (("previous", previous), ("next", following), ("today", today)):
            query["dato"] = value.isoformat()
            links[name] = query.urlencode()
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        return super().get_context_data(
            form=form,
            view=view,
            day=day,
            month_label=long_month(day),
            start=start,
            end=end,
            weeks=[days[index : index + 7] for index in range(0, len(days), 7)],
            links=links,
            feed_url=self.request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else "",
            **kwargs,
        )


class CalendarFeedLinkView(PermissionRequiredMixin, View):
    """Make (or make anew) the secret iCal link, or revoke it: the old link stops at once."""

    permission_required = "fritidsjob.view_youth"
    http_method_names = ["post"]
    revoke = False

    def post(self, request, *args, **kwargs):
        if self.revoke:
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("Kalenderlinket er slået fra. Det gamle link virker ikke længere."))
        else:
            services.calendar_feed_renew(user=request.user)
            messages.success(request, _("Du har fået et nyt kalenderlink. Et tidligere link virker ikke længere."))
        return redirect("calendar")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The iCal feed behind the secret link: titles and times only, never a person's name."""

    def get(self, request, token):
        feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
        if feed is None or not feed.user.is_active or not feed.user.has_perm("fritidsjob.view_youth"):
            raise Http404
        today = timezone.localdate()
        items = agenda.items_between(
            user=feed.user,
            start=today - datetime.timedelta(days=FEED_DAYS_BACK),
            end=today + datetime.timedelta(days=FEED_DAYS_AHEAD),
        )
        body = ical.calendar(items, name=_("Fritidsjob"), host=request.get_host(), now=timezone.now())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
