from django.contrib import admin

from .forms import AdminLoginForm
from .models import Heartbeat, Industry, School

# The admin's own login page keeps the same rule as ours (staff may have to use SSO).
admin.site.login_form = AdminLoginForm

# Case data (Youth, JournalEntry) is deliberately not in the admin: it is read
# and changed only through the app's views, which check roles and log access.


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "young_worker_notes"]
    list_editable = ["position", "young_worker_notes"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
    readonly_fields = ["name", "last_seen"]
