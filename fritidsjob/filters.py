import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import StaffChoiceField, staff_users
from .models import School, Youth, YouthStatus


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
    name = django_filters.CharFilter(label=_("Navn"), method="filter_name")
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
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def filter_age(self, queryset, name, value):
        value = int(value)
        today = timezone.localdate()
        if name == "min_age":
            return queryset.aged(value, None, today)
        return queryset.aged(None, value, today)
