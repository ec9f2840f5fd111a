import django_filters
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import Industry

from .models import Mentor, MentorStatus


class MentorFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Navn, arbejdsgiver eller stilling"), method="filter_name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MentorStatus.choices, empty_label=_("Alle"))
    industry = django_filters.ModelChoiceFilter(
        label=_("Branche"), field_name="industries", queryset=Industry.objects.all(), empty_label=_("Alle")
    )
    postcode = django_filters.CharFilter(label=_("Postnummer"), lookup_expr="startswith")

    class Meta:
        model = Mentor
        fields = ["name", "status", "industry", "postcode"]

    def filter_name(self, queryset, name, value):
        return queryset.matching(value.split())
