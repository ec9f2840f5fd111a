from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from core.exports import Column, Export, ExportMixin, staff_name
from core.importing import import_kinds
from core.tasks import broker_down_message
from core.views import HtmxPartialMixin

from .. import selectors, services
from ..forms import ImportUploadForm
from ..models import ImportStatus


def _kind_label(batch) -> str:
    kind = import_kinds().get(batch.kind)
    return str(kind.label) if kind else batch.kind


def _count(key: str):
    """A figure of what was imported (empty until the import is confirmed)."""
    return lambda batch: (batch.result or {}).get(key)


class ImportUploadView(ExportMixin, PermissionRequiredMixin, FormView):
    """Upload a spreadsheet of any import kind: it is checked (dry run) and shown before anything is saved.

    Its export is the list of every upload (the page shows the latest).
    """

    permission_required = "rapporter.import_data"
    template_name = "rapporter/import_upload.html"
    form_class = ImportUploadForm
    export = Export(
        "importer",
        [
            Column(gettext_lazy("Uploadet"), "uploaded_at"),
            Column(gettext_lazy("Type"), _kind_label),
            Column(gettext_lazy("Fil"), "filename"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("Oprettet"), _count("created")),
            Column(gettext_lazy("Opdateret"), _count("updated")),
            Column(gettext_lazy("Uændret"), _count("unchanged")),
            Column(gettext_lazy("Fejl i filen"), lambda batch: len(batch.errors)),
            Column(gettext_lazy("Uploadet af"), lambda batch: staff_name(batch.uploaded_by)),
            Column(gettext_lazy("Afsluttet"), "finished_at"),
            Column(gettext_lazy("Afsluttet af"), lambda batch: staff_name(batch.finished_by)),
        ],
    )

    def get_export_rows(self):
        return selectors.import_batches()

    def get_initial(self):
        return {"kind": self.request.GET.get("type", "")}

    def get_context_data(self, **kwargs):
        kinds = import_kinds()
        return super().get_context_data(
            kinds=[
                (name, kind, [(column, column in kind.required) for column in kind.columns])
                for name, kind in kinds.items()
            ],
            batches=selectors.import_batches()[:15],
            **kwargs,
        )

    def form_valid(self, form):
        batch = services.import_batch_create(
            kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], uploaded_by=self.request.user
        )
        batch.refresh_from_db(fields=["status", "error"])
        if batch.failed_to_queue:
            messages.error(self.request, _("Filen kunne ikke kontrolleres.") + " " + broker_down_message())
        return redirect("rapporter:import_detail", pk=batch.pk)


class ImportBatchMixin(PermissionRequiredMixin):
    permission_required = "rapporter.import_data"
    context_object_name = "batch"

    def get_queryset(self):
        return selectors.import_batches()


class ImportBatchDetailView(HtmxPartialMixin, ImportBatchMixin, DetailView):
    """The dry run's report (created / updated / unchanged, every bad line), and the buttons to import or discard.

    While the check or the import runs in the background, htmx polls the status partial (the progress bar).
    """

    template_name = "rapporter/import_detail.html"
    partial_template_name = "rapporter/partials/import_status.html"

    def get_context_data(self, **kwargs):
        kind = import_kinds().get(self.object.kind)
        return super().get_context_data(kind_label=kind.label if kind else self.object.kind, **kwargs)


class ImportConfirmView(ImportBatchMixin, DetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = services.import_batch_confirm(batch=self.get_object(), confirmed_by=request.user)
        batch.refresh_from_db()
        if batch.failed_to_queue:
            messages.error(request, _("Importen kunne ikke sættes i gang.") + " " + broker_down_message())
        elif batch.status == ImportStatus.IMPORTING:
            messages.info(request, _("Importen er sat i gang og kører i baggrunden. Siden viser, hvor langt den er."))
        elif batch.status == ImportStatus.IMPORTED:
            result = batch.result
            messages.success(
                request,
                _("Importeret: %(created)s oprettet, %(updated)s opdateret, %(unchanged)s uændret.")
                % {key: result[key] for key in ("created", "updated", "unchanged")},
            )
        elif batch.status == ImportStatus.FAILED:
            messages.error(request, _("Importen blev afvist, og intet er importeret. Se fejlene nedenfor."))
        return redirect("rapporter:import_detail", pk=batch.pk)


class ImportDiscardView(ImportBatchMixin, DetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.import_batch_discard(batch=self.get_object(), discarded_by=request.user)
        messages.info(request, _("Filen er forkastet. Intet er importeret."))
        return redirect("rapporter:import_upload")


class ImportTemplateView(PermissionRequiredMixin, View):
    """An empty spreadsheet (CSV with the header line) for one import kind."""

    permission_required = "rapporter.import_data"

    def get(self, request, kind):
        kinds = import_kinds()
        if kind not in kinds:
            raise Http404(_("Ukendt importtype."))
        content = ("\ufeff" + ";".join(kinds[kind].columns) + "\r\n").encode("utf-8")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
        return response
