"""The municipality's name, wherever a text names it: the one set up, or the setting's default."""

from django.conf import settings


def municipality_name() -> str:
    from .models import Municipality

    row = Municipality.objects.filter(pk=1).only("name").first()
    return row.name if row else settings.MUNICIPALITY_NAME
