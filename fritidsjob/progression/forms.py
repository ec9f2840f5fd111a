from django import forms
from django.utils.translation import gettext_lazy as _

from core.limits import cap_long_text

from .models import SCALE, Milestone, Questionnaire, QuestionnaireItem, Theme


class AnswerForm(forms.Form):
    """One radio group per statement in use: the five-point scale with words and faces."""

    def __init__(self, *args, items, milestones=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if milestones is not None:
            self.fields["milestone"] = forms.ChoiceField(label=_("Milepæl"), choices=milestones)
        choices = [(str(value), f"{face} {word}") for value, word, face in SCALE]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vælg et svar.")},
            )

    def rows(self):
        """(item, bound field) pairs for the template."""
        return [(item, self[f"item_{item.pk}"]) for item in self.items]

    def values(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_long_text(self, "note")


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["name", "intro", "is_active", "send_link"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 2})}


class ItemForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireItem
        fields = ["theme", "text", "order"]
        help_texts = {"text": _("Kort og enkelt, så en 13-årig forstår det. Et besvaret udsagn gemmes som ny version.")}


__all__ = ["AnswerForm", "ItemForm", "Milestone", "NoteForm", "QuestionnaireForm", "Theme"]
