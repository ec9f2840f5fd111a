import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import School

from . import selectors
from .models import Audience, ContactKind, InformationEvent, Parent, Relation, school_year_label

YES_NO = [("", _("Alle")), ("true", _("Ja")), ("false", _("Nej"))]


def yes_no_filter(label):
    return django_filters.BooleanFilter(label=label, widget=django_filters.widgets.BooleanWidget())


class ParentFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Navn, telefon eller e-mail"), method="filter_name")
    relation = django_filters.ChoiceFilter(label=_("Relation"), choices=Relation.choices, empty_label=_("Alle"))
    has_custody = yes_no_filter(_("Myndighed"))
    needs_interpreter = yes_no_filter(_("Tolk"))
    has_jobcenter_case = yes_no_filter(_("Jobcentersag"))
    school = django_filters.ModelChoiceFilter(
        label=_("Barnets skole"), queryset=School.objects.all(), empty_label=_("Alle"), method="filter_school"
    )
    contact_kind = django_filters.ChoiceFilter(
        label=_("Har haft kontakt"), choices=ContactKind.choices, empty_label=_("Alle"), method="filter_contact_kind"
    )

    class Meta:
        model = Parent
        fields = [
            "name",
            "relation",
            "has_custody",
            "needs_interpreter",
            "has_jobcenter_case",
            "school",
            "contact_kind",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("has_custody", "needs_interpreter", "has_jobcenter_case"):
            self.filters[name].field.widget.choices = YES_NO

    def filter_name(self, queryset, name, value):
        return queryset.matching(value.split())

    def filter_school(self, queryset, name, value):
        # Exists, not a join: a parent of two children at the school is listed once.
        links = Parent.children.through.objects.filter(parent=OuterRef("pk"), youth__school=value)
        return queryset.filter(Exists(links))

    def filter_contact_kind(self, queryset, name, value):
        return queryset.with_contact(kind=value)


class InformationEventFilter(django_filters.FilterSet):
    school_year = django_filters.ChoiceFilter(
        label=_("Skoleår"), choices=[], empty_label=_("Alle"), method="filter_school_year"
    )
    school = django_filters.ModelChoiceFilter(label=_("Skole"), queryset=School.objects.all(), empty_label=_("Alle"))
    audience = django_filters.ChoiceFilter(label=_("Målgruppe"), choices=Audience.choices, empty_label=_("Alle"))

    class Meta:
        model = InformationEvent
        fields = ["school_year", "school", "audience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school_year"].extra["choices"] = [
            (str(year), school_year_label(year)) for year in selectors.event_school_years()
        ]

    def filter_school_year(self, queryset, name, value):
        return queryset.in_school_year(int(value))
