"""Information events (informationsmøder og oplæg): head counts by school year and school."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, UpdateView
from django_filters.views import FilterView

from core.exports import Column, Export, ExportMixin, joined, staff_name
from core.formatting import short_date
from core.views import HtmxPartialMixin

from .. import selectors, services
from ..filters import InformationEventFilter
from ..forms import InformationEventForm
from ..models import InformationEvent, school_year_label


class InformationEventListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, FilterView):
    permission_required = "foraeldre.view_informationevent"
    filterset_class = InformationEventFilter
    paginate_by = 50
    template_name = "foraeldre/event_list.html"
    partial_template_name = "foraeldre/partials/event_table.html"
    # Head counts only, no participant's name: not personal data.
    export = Export(
        "informationsmoeder",
        [
            Column(gettext_lazy("Dato"), "date"),
            Column(gettext_lazy("Skoleår"), "school_year_label"),
            Column(gettext_lazy("Titel"), "title"),
            Column(gettext_lazy("Skole"), "school.name"),
            Column(gettext_lazy("Sted"), "place"),
            Column(gettext_lazy("Målgruppe"), "get_audience_display"),
            Column(gettext_lazy("Unge"), "youth_count"),
            Column(gettext_lazy("Forældre"), "parent_count"),
            Column(gettext_lazy("I alt"), "total"),
            Column(gettext_lazy("Materialer"), "materials"),
            Column(gettext_lazy("Medarbejdere"), joined("staff", staff_name)),
        ],
    )

    def get_queryset(self):
        return selectors.event_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = self.object_list  # filtered, every page
        totals = selectors.event_totals(events)
        for row in totals:
            row["school_year_label"] = school_year_label(row["school_year"])
        context["totals"] = totals
        context["grand_total"] = events.order_by().aggregate(youth=Sum("youth_count"), parents=Sum("parent_count"))
        return context


class InformationEventCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "foraeldre.add_informationevent"
    model = InformationEvent
    form_class = InformationEventForm
    template_name = "foraeldre/event_form.html"

    def get_initial(self):
        return {"staff": [self.request.user.pk]}

    def form_valid(self, form):
        event = services.information_event_create(**form.service_kwargs())
        messages.success(
            self.request,
            _("Mødet %(date)s er registreret med %(total)s deltagere.")
            % {"date": short_date(event.date), "total": event.total},
        )
        return redirect(reverse("foraeldre:event_list"))


class InformationEventUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "foraeldre.change_informationevent"
    form_class = InformationEventForm
    template_name = "foraeldre/event_form.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.event_list(user=self.request.user)

    def form_valid(self, form):
        services.information_event_update(event=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(reverse("foraeldre:event_list"))
