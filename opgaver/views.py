import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView
from django_htmx.http import trigger_client_event

from core.audit import RecordsAccessMixin
from core.exports import Column, Export, ExportMixin, staff_name
from core.formatting import short_date
from fritidsjob.models import Youth
from fritidsjob.selectors import youth_for_case_page as case_youth
from fritidsjob.templatetags.fritidsjob_tags import user_name

from . import messaging, selectors, services, sms
from .forms import CaseMessageForm, ReassignForm, SnoozeForm, TaskForm

# htmx listens for this to redraw the count in the menu.
TASKS_CHANGED = "opgaver-changed"


def _concerning(task) -> str:
    """What the task is about besides the young person (a placement, a parent...), as the list shows it."""
    target = task.concerning
    if target is None or (isinstance(target, Youth) and target.pk == task.youth_id):
        return ""
    return str(target)


TASK_COLUMNS = [
    Column(gettext_lazy("Frist"), "due_date"),
    Column(gettext_lazy("Opgave"), "title"),
    Column(gettext_lazy("Beskrivelse"), "description"),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Udsat til"), "snoozed_until"),
    Column(gettext_lazy("Ung"), "youth.full_name"),
    Column(gettext_lazy("Vedrører"), _concerning),
    Column(gettext_lazy("Ansvarlig"), lambda task: staff_name(task.assignee)),
]


class TaskExportMixin(ExportMixin):
    """Tasks name young people (and what they concern, e.g. a parent): all of them get the access entry."""

    def get_export_persons(self, rows):
        concerned = {(type(task.concerning), task.concerning.pk): task.concerning for task in rows if _concerning(task)}
        return [*rows, *concerned.values()]


# Pages of 50: a busy consultant has hundreds of open tasks, and each row carries three forms.
TASKS_PER_PAGE = 50


class InboxView(TaskExportMixin, PermissionRequiredMixin, ListView):
    """Mine opgaver: the signed-in staff member's open tasks, snoozed tasks and failed messages.

    Open tasks are paged with ?page=, snoozed ones with ?udsatte= (two lists, two page numbers).
    """

    permission_required = "opgaver.view_task"
    template_name = "opgaver/inbox.html"
    context_object_name = "tasks"
    paginate_by = TASKS_PER_PAGE
    # The signed-in user's own open tasks, snoozed ones included, in one file.
    export = Export("mine-opgaver", TASK_COLUMNS, personal_data=True)

    def get_queryset(self):
        return selectors.inbox_tasks(user=self.request.user, today=timezone.localdate())

    def get_export_rows(self):
        user, today = self.request.user, timezone.localdate()
        return [*selectors.inbox_tasks(user=user, today=today), *selectors.snoozed_tasks(user=user, today=today)]

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        snoozed = Paginator(selectors.snoozed_tasks(user=user, today=today), TASKS_PER_PAGE)
        return super().get_context_data(
            snoozed_page=snoozed.get_page(self.request.GET.get("udsatte")),
            failed=selectors.failed_deliveries_for(user=user),
            today=today,
            next_url=self.request.get_full_path(),
            **kwargs,
        )


class TeamTasksView(TaskExportMixin, PermissionRequiredMixin, ListView):
    """The team leader's view: every overdue task and every task without an assignee."""

    permission_required = "opgaver.view_team_tasks"
    template_name = "opgaver/team.html"
    context_object_name = "tasks"
    paginate_by = TASKS_PER_PAGE
    export = Export("teamets-opgaver", TASK_COLUMNS, personal_data=True)

    def get_queryset(self):
        return selectors.team_tasks(today=timezone.localdate())

    def get_export_rows(self):
        return selectors.team_tasks(today=timezone.localdate())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=timezone.localdate(),
            show_assignee=True,
            next_url=self.request.get_full_path(),
            **kwargs,
        )


class TaskCreateView(PermissionRequiredMixin, FormView):
    permission_required = "opgaver.add_task"
    form_class = TaskForm
    template_name = "opgaver/task_form.html"

    def get_initial(self):
        return {"assignee": self.request.user.pk, "due_date": timezone.localdate()}

    def form_valid(self, form):
        services.task_create(created_by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Opgaven er oprettet."))
        return redirect("opgaver:inbox")


class TaskActionView(PermissionRequiredMixin, View):
    """POST-only action on one task in the user's scope; with htmx only the task's row is redrawn."""

    permission_required = "opgaver.change_task"
    http_method_names = ["post"]

    def post(self, request, pk):
        task = get_object_or_404(selectors.task_scope(user=request.user), pk=pk)
        error, state, message = "", "", ""
        try:
            state, message = self.act(task)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        if request.htmx:
            response = render(request, "opgaver/partials/task_row.html", self.row_context(task, state, error))
            return trigger_client_event(response, TASKS_CHANGED) if not error else response
        if error:
            messages.error(request, error)
        else:
            messages.success(request, message)
        return redirect(self.next_url())

    def act(self, task) -> tuple[str, str]:
        raise NotImplementedError

    def next_url(self) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(wanted, allowed_hosts={self.request.get_host()}):
            return wanted
        return reverse("opgaver:inbox")

    def row_context(self, task, state: str, error: str) -> dict:
        return {
            "task": task,
            "state": state,
            "error": error,
            "today": timezone.localdate(),
            "show_assignee": self.request.POST.get("team") == "1",
            "next_url": self.next_url(),
        }


def _form_error(form) -> ValidationError:
    return ValidationError([message for errors in form.errors.values() for message in errors])


class TaskCompleteView(TaskActionView):
    def act(self, task):
        services.task_complete(task=task, user=self.request.user, now=timezone.now())
        return "done", _("Opgaven er markeret som udført.")


class TaskSnoozeView(TaskActionView):
    def act(self, task):
        form = SnoozeForm(self.request.POST)
        if not form.is_valid():
            raise _form_error(form)
        services.task_snooze(task=task, until=form.cleaned_data["until"], today=timezone.localdate())
        return "snoozed", _("Opgaven er udsat til %(date)s.") % {"date": short_date(task.snoozed_until)}


class TaskReassignView(TaskActionView):
    """Giv videre. The choice of colleague is fetched for one row when asked for (GET; with htmx
    only the form, swapped into the row), so a page of tasks does not carry the staff list 50 times."""

    http_method_names = ["get", "post"]

    def get(self, request, pk):
        task = get_object_or_404(selectors.task_scope(user=request.user), pk=pk)
        template = "opgaver/partials/reassign_form.html" if request.htmx else "opgaver/task_reassign.html"
        return render(
            request,
            template,
            {
                "task": task,
                "staff": list(selectors.assignable_staff()),
                "next_url": self.next_url(),
                "show_assignee": request.GET.get("team") == "1",
            },
        )

    def act(self, task):
        form = ReassignForm(self.request.POST)
        if not form.is_valid():
            raise _form_error(form)
        services.task_reassign(task=task, assignee=form.cleaned_data["assignee"])
        return "reassigned", _("Opgaven er givet til %(name)s.") % {"name": user_name(task.assignee)}


class NavCountView(PermissionRequiredMixin, View):
    """The number next to "Mine opgaver" in the menu, fetched by htmx after the page has loaded."""

    permission_required = "opgaver.view_task"

    def get(self, request):
        count = selectors.open_task_count(user=request.user, today=timezone.localdate())
        return render(request, "opgaver/partials/nav_count.html", {"count": count})


class HealthView(PermissionRequiredMixin, TemplateView):
    """Driftsstatus: the broker, beat, the workers and the messages that could not be sent."""

    permission_required = "opgaver.view_health"
    template_name = "opgaver/health.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.health_overview(now=timezone.now()), **kwargs)


class DeliveryActionView(PermissionRequiredMixin, View):
    permission_required = "opgaver.change_delivery"
    http_method_names = ["post"]

    def post(self, request, pk):
        delivery = get_object_or_404(selectors.delivery_scope(user=request.user), pk=pk)
        try:
            message = self.act(delivery)
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        else:
            messages.success(request, message)
        wanted = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            return redirect(wanted)
        return redirect("opgaver:inbox")


class DeliveryRetryView(DeliveryActionView):
    def act(self, delivery):
        services.delivery_retry(delivery=delivery, now=timezone.now())
        return _("Beskeden sendes igen.")


class DeliveryDismissView(DeliveryActionView):
    def act(self, delivery):
        services.delivery_dismiss(delivery=delivery, now=timezone.now())
        return _("Beskeden er fjernet fra listen over fejl.")


@method_decorator([login_not_required, csrf_exempt], name="dispatch")
class SmsReceiptView(View):
    """The SMS gateways' delivery receipts (GatewayAPI posts JSON, CPSMS calls with a query string).

    No session: the gateway proves itself with the secret token it was given in the
    receipt URL. Answers 200 for every well-formed receipt, also one that changes
    nothing (a repeat, an unknown id), so the gateway stops sending it.
    """

    http_method_names = ["get", "post"]

    def dispatch(self, request, gateway):
        token = request.GET.get("token", "")
        expected = settings.SMS_WEBHOOK_TOKEN
        if not expected or not constant_time_compare(token, expected):
            return HttpResponseForbidden("Forkert eller manglende token.")
        backend = sms.GATEWAYS.get(gateway)
        if backend is None:
            raise Http404
        return super().dispatch(request, backend)

    def get(self, request, backend):
        return self.record(request, backend)

    def post(self, request, backend):
        return self.record(request, backend)

    def record(self, request, backend):
        query = {**request.GET.dict(), **request.POST.dict()}
        try:
            receipt = backend.receipt(query=query, body=request.body)
        except ValueError:
            return HttpResponseBadRequest("Ikke en leveringskvittering.")
        services.delivery_receipt_record(receipt=receipt, now=timezone.now())
        return HttpResponse("OK", content_type="text/plain")


class CaseMessageView(PermissionRequiredMixin, RecordsAccessMixin, FormView):
    """Send the young person or a parent with custody an SMS or e-mail from the case (opgaver/messaging.py)."""

    permission_required = ("fritidsjob.view_youth", "opgaver.send_case_message")
    template_name = "opgaver/case_message_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.youth = get_object_or_404(case_youth(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return CaseMessageForm(
            **self.get_form_kwargs(),
            recipients=messaging.recipients_for(self.youth),
            sender_name=user_name(self.request.user),
        )

    def get_initial(self):
        return {"request_key": uuid.uuid4(), "channel": "sms"}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            delivery, created = messaging.case_message_send(
                youth=self.youth,
                recipient=data["recipient"],
                channel=data["channel"],
                subject=data.get("subject", ""),
                text=data.get("text", ""),
                sent_by=self.request.user,
                request_key=data["request_key"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if not created:
            messages.info(self.request, _("Beskeden var allerede sendt. Den sendes kun én gang."))
        elif delivery.send_after > timezone.now():
            messages.success(
                self.request,
                _("Beskeden sendes kl. 8 i morgen tidlig: der sendes ikke SMS om aftenen og natten."),
            )
        else:
            messages.success(self.request, _("Beskeden er sendt til %(name)s.") % {"name": data["recipient"].name})
        return redirect(self.youth)

    def accessed_record(self):
        # The form shows the young person's and the parents' numbers: an access to the case.
        return getattr(self, "youth", None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(youth=self.youth, **kwargs)
