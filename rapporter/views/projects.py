from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from core.exports import Column, Export, ExportMixin
from core.kpis import label_for, registered

from .. import selectors, services
from ..forms import DeliverableForm, ProjectForm
from ..models import Deliverable, Project


class ProjectListView(ExportMixin, PermissionRequiredMixin, ListView):
    permission_required = "rapporter.view_project"
    template_name = "rapporter/project_list.html"
    context_object_name = "projects"
    paginate_by = 25
    export = Export(
        "indsatser",
        [
            Column(gettext_lazy("Navn"), "name"),
            Column(gettext_lazy("Kort navn"), "slug"),
            Column(gettext_lazy("Bevillingsgiver"), "funder"),
            Column(gettext_lazy("Startdato"), "start"),
            Column(gettext_lazy("Slutdato"), "end"),
        ],
    )

    def get_queryset(self):
        return selectors.project_list()


class ProjectDetailView(ExportMixin, PermissionRequiredMixin, DetailView):
    """A project's targets, the history of changes to them, its deliverables and report texts.

    Its export is the list on it: the project's deliverables.
    """

    permission_required = "rapporter.view_project"
    template_name = "rapporter/project_detail.html"
    context_object_name = "project"
    slug_url_kwarg = "slug"
    export = Export(
        "leverancer",
        [
            Column(gettext_lazy("Indsats"), "project.name"),
            Column(gettext_lazy("Type"), "get_kind_display"),
            Column(gettext_lazy("Titel"), "title"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("Frist"), "due_date"),
            Column(gettext_lazy("Leveret den"), "delivered_on"),
            Column(gettext_lazy("Note"), "note"),
        ],
    )

    def get_export_rows(self):
        return self.get_object().deliverables.select_related("project")

    def get_queryset(self):
        return selectors.project_list()

    def get_context_data(self, **kwargs):
        project = self.object
        targets = [(kpi, (project.targets or {}).get(kpi.key)) for kpi in registered()]
        history = [
            (change, label_for(change.what) if change.is_target else Project._meta.get_field(change.what).verbose_name)
            for change in selectors.project_with_history(project=project)
        ]
        return super().get_context_data(
            targets=targets,
            history=history,
            deliverables=selectors.deliverable_overview(project=project),
            **kwargs,
        )


class ProjectCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "rapporter.add_project"
    model = Project
    form_class = ProjectForm
    template_name = "rapporter/project_form.html"

    def form_valid(self, form):
        project = services.project_create(**form.service_kwargs())
        messages.success(self.request, _("Indsatsen %(name)s er oprettet.") % {"name": project.name})
        return redirect("rapporter:project_detail", slug=project.slug)


class ProjectUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "rapporter.change_project"
    form_class = ProjectForm
    template_name = "rapporter/project_form.html"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.project_list()

    def form_valid(self, form):
        project = services.project_update(project=self.object, changed_by=self.request.user, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect("rapporter:project_detail", slug=project.slug)


class DeliverableCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "rapporter.add_deliverable"
    model = Deliverable
    form_class = DeliverableForm
    template_name = "rapporter/deliverable_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(Project, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        deliverable = services.deliverable_create(project=self.project, data=form.cleaned_data)
        messages.success(self.request, _("Leverancen %(title)s er oprettet.") % {"title": deliverable.title})
        return redirect("rapporter:project_detail", slug=self.project.slug)


class DeliverableMixin(PermissionRequiredMixin):
    model = Deliverable
    context_object_name = "deliverable"

    def get_queryset(self):
        return Deliverable.objects.select_related("project")

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object.project, **kwargs)


class DeliverableUpdateView(DeliverableMixin, UpdateView):
    permission_required = "rapporter.change_deliverable"
    form_class = DeliverableForm
    template_name = "rapporter/deliverable_form.html"

    def form_valid(self, form):
        services.deliverable_update(deliverable=self.object, data=form.cleaned_data)
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect("rapporter:project_detail", slug=self.object.project.slug)


class DeliverableDeleteView(DeliverableMixin, DeleteView):
    permission_required = "rapporter.delete_deliverable"
    template_name = "rapporter/deliverable_confirm_delete.html"

    def form_valid(self, form):
        project, title = self.object.project, self.object.title
        services.deliverable_delete(deliverable=self.object)
        messages.success(self.request, _("Leverancen %(title)s er slettet.") % {"title": title})
        return redirect("rapporter:project_detail", slug=project.slug)
