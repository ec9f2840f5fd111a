from django.urls import path

from . import views

app_name = "opgaver"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("team/", views.TeamTasksView.as_view(), name="team"),
    path("ny/", views.TaskCreateView.as_view(), name="task_create"),
    path("<int:pk>/udfoert/", views.TaskCompleteView.as_view(), name="task_complete"),
    path("<int:pk>/udsaet/", views.TaskSnoozeView.as_view(), name="task_snooze"),
    path("<int:pk>/fordel/", views.TaskReassignView.as_view(), name="task_reassign"),
    path("antal/", views.NavCountView.as_view(), name="nav_count"),
    path("drift/", views.HealthView.as_view(), name="health"),
    # Issue 19: an SMS or e-mail from the case, through the same sending as the reminders.
    path("ung/<int:pk>/besked/", views.CaseMessageView.as_view(), name="case_message"),
    path("udsendelser/<int:pk>/send-igen/", views.DeliveryRetryView.as_view(), name="delivery_retry"),
    path("sms/kvittering/<slug:gateway>/", views.SmsReceiptView.as_view(), name="sms_receipt"),
    path("udsendelser/<int:pk>/fjern/", views.DeliveryDismissView.as_view(), name="delivery_dismiss"),
]
