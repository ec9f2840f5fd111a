"""The base layer's one table: which municipality this instance serves (set by `manage.py opsaet_kommune`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The municipality running this instance: at most one row. Without it, settings.MUNICIPALITY_NAME."""

    name = models.CharField(_("navn"), max_length=100)
    # PNG or SVG, checked by opsaet_kommune; stored through the storage API, shown in the header and the PDFs.
    logo = models.FileField(_("logo"), upload_to="kommune/", blank=True)
    set_up_at = models.DateTimeField(_("sat op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="municipality_only_one")]

    def __str__(self):
        return self.name
