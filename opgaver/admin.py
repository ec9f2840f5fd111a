from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ReminderRule
from .registry import all_rules

# Tasks and the send log hold personal data: they are seen in the app's own
# pages (Mine opgaver, Driftsstatus), not here. The rules' logic and schedules
# are code; the admin switches them on and off and sets the lead time.


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "enabled", "lead_days", "active_since"]
    list_editable = ["enabled", "lead_days"]
    fields = ["name", "key", "description", "enabled", "lead_days", "active_since"]
    readonly_fields = ["name", "key", "description"]

    @admin.display(description=_("beskrivelse"))
    def description(self, obj):
        rule = all_rules().get(obj.key)
        return rule.description if rule else _("Reglen findes ikke længere i koden.")

    def has_add_permission(self, request):
        return False  # rules come from code

    def has_delete_permission(self, request, obj=None):
        return False
