import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.kpis import kpi_window, project_model
from fritidsjob.filters import StaffFilter
from fritidsjob.forms import staff_users
from fritidsjob.models import Industry

from .kpis import companies_guided
from .models import Company, JobOpening, OpeningKind, Placement

YES_NO = [("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))]


class CompanyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Navn eller CVR"), method="filter_name")
    industry = django_filters.ModelChoiceFilter(
        label=_("Branche"), queryset=Industry.objects.all(), empty_label=_("Alle")
    )
    area = django_filters.CharFilter(label=_("Område (postnummer)"), field_name="postcode", lookup_expr="startswith")
    in_network = django_filters.BooleanFilter(
        label=_("I netværket"), method="filter_in_network", widget=django_filters.widgets.BooleanWidget()
    )
    guided_in = django_filters.ModelChoiceFilter(
        label=_("Vejledt i projektperioden"),
        queryset=lambda request: project_model().objects.all(),
        empty_label=_("Alle"),
        method="filter_guided_in",
    )
    responsible_consultant = StaffFilter(label=_("Ansvarlig"), queryset=staff_users(), empty_label=_("Alle"))

    class Meta:
        model = Company
        fields = ["name", "industry", "area", "in_network", "guided_in", "responsible_consultant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["in_network"].field.widget.choices = YES_NO

    def filter_name(self, queryset, name, value):
        return queryset.matching(value.split())

    def filter_in_network(self, queryset, name, value):
        return queryset.filter(network_member_since__isnull=not value)

    def filter_guided_in(self, queryset, name, project):
        # The companies the KPI virksomheder_vejledt counts in the project's window today.
        guided = companies_guided.counted(kpi_window(project)).values(companies_guided.count)
        return queryset.filter(pk__in=guided)


class OpeningFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("Titel eller virksomhed"), method="filter_title")
    industry = django_filters.ModelChoiceFilter(
        label=_("Branche"), queryset=Industry.objects.all(), empty_label=_("Alle")
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=OpeningKind.choices, empty_label=_("Alle"))

    class Meta:
        model = JobOpening
        fields = ["title", "industry", "kind"]

    def filter_title(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(company__name__icontains=word))
        return queryset


PLACEMENT_STATES = [("ansat", _("Ansat nu")), ("ophoert", _("Ophørt"))]


class PlacementFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Ung eller virksomhed"), method="filter_name")
    industry = django_filters.ModelChoiceFilter(
        label=_("Branche"), field_name="company__industry", queryset=Industry.objects.all(), empty_label=_("Alle")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=PLACEMENT_STATES, empty_label=_("Alle"), method="filter_state"
    )

    class Meta:
        model = Placement
        fields = ["name", "industry", "state"]

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(youth__first_name__icontains=word)
                | Q(youth__last_name__icontains=word)
                | Q(company__name__icontains=word)
            )
        return queryset

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "ansat":
            return queryset.employed_on(today)
        return queryset.filter(end__lt=today)
