from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.audit import RecordsAccessMixin, SearchAuditMixin
from core.exports import Column, Export, ExportMixin, joined
from core.views import HtmxPartialMixin, InsightPackageView, ServiceFormMixin
from fritidsjob.selectors import youth_list
from fritidsjob.views import AnonymisationRequestMixin

from .. import selectors, services
from ..filters import ParentFilter
from ..forms import ParentContactForm, ParentForm
from ..models import Parent, ParentContact


def _custody(parent) -> str:
    if parent.has_custody is None:
        return _("Uoplyst")
    return _("Ja") if parent.has_custody else _("Nej")


class ParentListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, SearchAuditMixin, FilterView):
    permission_required = "foraeldre.view_parent"
    search_list = "foraeldre"
    filterset_class = ParentFilter
    paginate_by = 25
    template_name = "foraeldre/parent_list.html"
    partial_template_name = "foraeldre/partials/parent_table.html"
    export = Export(
        "foraeldre",
        [
            Column(gettext_lazy("Fornavn"), "first_name"),
            Column(gettext_lazy("Efternavn"), "last_name"),
            Column(gettext_lazy("Relation"), "get_relation_display"),
            Column(gettext_lazy("Børn"), joined("children", lambda child: child.full_name)),
            Column(gettext_lazy("Telefon"), "phone"),
            Column(gettext_lazy("E-mail"), "email"),
            Column(gettext_lazy("Forældremyndighed"), _custody),
            Column(gettext_lazy("Sprog"), "language"),
            Column(gettext_lazy("Behov for tolk"), "needs_interpreter"),
            Column(gettext_lazy("Sag i jobcentret"), "has_jobcenter_case"),
            Column(gettext_lazy("Seneste kontakt"), "last_contact"),
        ],
        personal_data=True,
    )

    def get_queryset(self):
        return selectors.parent_list(user=self.request.user)

    def get_export_persons(self, rows):
        # The file names the parents and their children: each one's audit trail shows the export.
        children = {child.pk: child for parent in rows for child in parent.children.all()}
        return [*rows, *children.values()]


class ChildSearchMixin:
    """The parent form finds children by name (?q=), to tick; with htmx only the results are swapped in."""

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "child-results":
            return ["foraeldre/partials/child_results.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        found = youth_list(user=self.request.user).name_matches(query).order_by("last_name", "first_name", "pk")
        return super().get_context_data(child_query=query, child_results=list(found[:20]) if query else [], **kwargs)


class ParentCreateView(PermissionRequiredMixin, ChildSearchMixin, ServiceFormMixin, CreateView):
    """Register a parent; from a case page (?ung=<id>) the young person is chosen already."""

    permission_required = "foraeldre.add_parent"
    model = Parent
    form_class = ParentForm
    template_name = "foraeldre/parent_form.html"

    def get_initial(self):
        youth_id = self.request.GET.get("ung", "")
        youth = youth_list(user=self.request.user).filter(pk=youth_id).first() if youth_id.isdigit() else None
        self.youth = youth
        return {"children": [youth.pk]} if youth else {}

    def save(self, form):
        parent = services.parent_create(**form.service_kwargs())
        messages.success(self.request, _("%(name)s er oprettet.") % {"name": parent.full_name})
        return redirect(parent)


class ParentMixin(PermissionRequiredMixin):
    model = Parent
    context_object_name = "parent"

    def get_queryset(self):
        return selectors.parent_for_page(user=self.request.user)


def contact_form_for(user) -> ParentContactForm | None:
    """An empty contact form for the parent page, for those who may log contacts."""
    return ParentContactForm(user=user) if user.has_perm("foraeldre.add_parentcontact") else None


class ParentDetailView(ParentMixin, RecordsAccessMixin, DetailView):
    permission_required = "foraeldre.view_parent"
    template_name = "foraeldre/parent_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_form=contact_form_for(self.request.user), **kwargs)


class ParentAnonymisationRequestView(ParentMixin, AnonymisationRequestMixin, RecordsAccessMixin, DetailView):
    permission_required = ("foraeldre.view_parent", "fritidsjob.request_anonymisation")


class ParentInsightView(ParentMixin, InsightPackageView):
    """Indsigt: the parent's right-of-access package (Projektleder and Administrator)."""

    permission_required = "fritidsjob.produce_insight"


class ParentUpdateView(ParentMixin, RecordsAccessMixin, ChildSearchMixin, ServiceFormMixin, UpdateView):
    permission_required = "foraeldre.change_parent"
    form_class = ParentForm
    template_name = "foraeldre/parent_form.html"

    def save(self, form):
        parent = services.parent_update(parent=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(parent)


class ParentContactCreateView(ParentMixin, DetailView):
    """Log a contact from the parent page; with htmx only the contacts are redrawn."""

    permission_required = ("foraeldre.view_parent", "foraeldre.add_parentcontact")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        parent = self.object = self.get_object()
        form = ParentContactForm(request.POST, user=request.user)
        saved = form.is_valid()
        if saved:
            contact = services.parent_contact_create(parent=parent, **form.service_kwargs())
            message = _("%(kind)s med %(name)s er gemt.") % {
                "kind": contact.get_kind_display(),
                "name": parent.full_name,
            }
        if request.htmx:
            parent = self.get_object()  # the contacts again, with the new one
            template = "foraeldre/partials/contacts.html"
        elif saved:
            messages.success(request, message)
            return redirect(parent)
        else:
            template = "foraeldre/parent_detail.html"
        context = {
            "parent": parent,
            "contact_form": contact_form_for(request.user) if saved else form,
            "saved_message": message if saved else "",
        }
        return render(request, template, context)


class ParentContactUpdateView(PermissionRequiredMixin, RecordsAccessMixin, UpdateView):
    permission_required = ("foraeldre.view_parent", "foraeldre.change_parentcontact")
    model = ParentContact
    form_class = ParentContactForm
    template_name = "foraeldre/contact_form.html"
    context_object_name = "contact"

    def get_queryset(self):
        return selectors.contact_for_page(user=self.request.user)

    def accessed_record(self):
        # A contact carries no person id of its own: the access is to the parent.
        contact = super().accessed_record()
        return contact and contact.parent

    def form_valid(self, form):
        contact = services.parent_contact_update(contact=self.object, **form.service_kwargs())
        messages.success(self.request, _("Kontakten er gemt."))
        return redirect(contact.parent)
