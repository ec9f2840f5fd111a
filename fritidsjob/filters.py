import datetime

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access_log import AccessPurpose, person_condition, purpose_condition
from .forms import StaffChoiceField, staff_users
from .models import School, SecurityEvent, SecurityEventKind, Youth, YouthStatus


class StaffFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


# The ages a filter accepts: any real age; a larger one (min_age=10000) is a form error, not a date overflow.
FILTER_AGE_MIN, FILTER_AGE_MAX = 0, 99


class AgeFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FILTER_AGE_MIN)
        kwargs.setdefault("max_value", FILTER_AGE_MAX)
        super().__init__(*args, **kwargs)


class YouthFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Navn eller sagsnummer"), method="filter_name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=YouthStatus.choices, empty_label=_("Alle"))
    school = django_filters.ModelChoiceFilter(label=_("Skole"), queryset=School.objects.all(), empty_label=_("Alle"))
    min_age = AgeFilter(label=_("Alder fra"), method="filter_age")
    max_age = AgeFilter(label=_("Alder til"), method="filter_age")
    in_target_group = django_filters.BooleanFilter(
        label=_("I målgruppen"),
        widget=django_filters.widgets.BooleanWidget(),
    )
    responsible_staff = StaffFilter(label=_("Ansvarlig"), queryset=staff_users(), empty_label=_("Alle"))

    class Meta:
        model = Youth
        fields = ["name", "status", "school", "min_age", "max_age", "in_target_group", "responsible_staff"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["in_target_group"].field.widget.choices = [("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))]

    def filter_name(self, queryset, name, value):
        # The same match as the top search (core/search.py via fritidsjob/search.py).
        return queryset.name_matches(value)

    def filter_age(self, queryset, name, value):
        value = int(value)
        today = timezone.localdate()
        if name == "min_age":
            return queryset.aged(value, None, today)
        return queryset.aged(None, value, today)


class SecurityEventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        # A range given backwards is a mistake to point out, not an empty list to puzzle over.
        if start and end and start > end:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        return cleaned


class SecurityEventFilter(django_filters.FilterSet):
    """The security log's filters: what happened, to whom (the name as typed, too), between which days."""

    kind = django_filters.ChoiceFilter(label=_("Hændelse"), choices=SecurityEventKind.choices, empty_label=_("Alle"))
    username = django_filters.CharFilter(label=_("Bruger"), lookup_expr="icontains")
    date_from = django_filters.DateFilter(
        label=_("Fra dato"),
        field_name="occurred_at",
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label=_("Til dato"),
        field_name="occurred_at",
        method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "date_from", "date_to"]
        form = SecurityEventFilterForm

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_start_of(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_start_of(value + datetime.timedelta(days=1)))


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Danish time, so a date means the Danish day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AccessLogFilter(django_filters.FilterSet):
    """The access log's filters: who looked, at whom (a name), why, between which days."""

    actor = StaffFilter(
        label=_("Bruger"),
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
        empty_label=_("Alle"),
    )
    person = django_filters.CharFilter(label=_("Person (navn)"), method="filter_person")
    purpose = django_filters.ChoiceFilter(
        label=_("Formål"), choices=AccessPurpose.choices, empty_label=_("Alle"), method="filter_purpose"
    )
    date_from = django_filters.DateFilter(
        label=_("Fra dato"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = django_filters.DateFilter(
        label=_("Til dato"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    class Meta:
        model = LogEntry
        fields = ["actor", "person", "purpose", "date_from", "date_to"]
        form = SecurityEventFilterForm

    def filter_person(self, queryset, name, value):
        return queryset.filter(person_condition(value[:100]))

    def filter_purpose(self, queryset, name, value):
        return queryset.filter(purpose_condition(value))

    def filter_from(self, queryset, name, value):
        return queryset.filter(timestamp__gte=_start_of(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(timestamp__lt=_start_of(value + datetime.timedelta(days=1)))
