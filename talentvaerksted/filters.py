import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritidsjob.filters import StaffFilter
from fritidsjob.forms import staff_users

from .models import Course, CourseKind

PERIODS = [("kommende", _("Kommende")), ("igang", _("I gang")), ("afsluttet", _("Afsluttede"))]


class CourseFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("Titel"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=CourseKind.choices, empty_label=_("Alle"))
    period = django_filters.ChoiceFilter(
        label=_("Periode"), choices=PERIODS, empty_label=_("Alle"), method="filter_period"
    )
    leader = StaffFilter(label=_("Underviser"), field_name="leaders", queryset=staff_users(), empty_label=_("Alle"))

    class Meta:
        model = Course
        fields = ["title", "kind", "period", "leader"]

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "kommende": queryset.upcoming,
            "igang": queryset.running,
            "afsluttet": queryset.finished,
        }[value](today)
