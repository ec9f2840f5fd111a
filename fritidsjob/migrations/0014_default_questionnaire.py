"""The default progression questionnaire (issue 18), written for this programme.

Short statements a 13-year-old understands, two per theme, on the five-point scale. It is
our own text: a licensed instrument (WEMWBS, the Outcomes Star) may only be added here
with its licence (see README, "Progression").
"""

from django.db import migrations

NAME = "Sådan går det"
INTRO = "Der er ingen rigtige eller forkerte svar. Svar det, der passer på dig lige nu."
ITEMS = [
    ("tro_paa_job", "tro_paa_egne_evner", "Jeg tror på, at jeg kan klare et job"),
    ("tro_paa_nyt", "tro_paa_egne_evner", "Jeg tør prøve noget nyt, selv om det er svært"),
    ("nogen_at_tale_med", "socialt_netvaerk", "Jeg har nogen at tale med, når noget er svært"),
    ("nye_mennesker", "socialt_netvaerk", "Jeg kan godt snakke med nye mennesker"),
    ("glad_i_hverdagen", "trivsel", "Jeg er glad i min hverdag"),
    ("godt_med_mig_selv", "trivsel", "Jeg har det godt med mig selv"),
    ("ved_hvad_god_til", "arbejdsparathed", "Jeg ved, hvad jeg er god til"),
    ("moeder_til_tiden", "arbejdsparathed", "Jeg møder til tiden, når jeg har aftalt noget"),
    ("holder_aftaler", "ansvar_for_eget_liv", "Jeg siger til, hvis jeg ikke kan holde en aftale"),
    ("bestemmer_selv", "ansvar_for_eget_liv", "Jeg kan selv gøre noget for at nå det, jeg gerne vil"),
]


def create(apps, schema_editor):
    Questionnaire = apps.get_model("fritidsjob", "Questionnaire")
    Item = apps.get_model("fritidsjob", "QuestionnaireItem")
    if Questionnaire.objects.exists():
        return
    questionnaire = Questionnaire.objects.create(name=NAME, intro=INTRO, is_active=True, send_link=True)
    Item.objects.bulk_create(
        Item(questionnaire=questionnaire, key=key, theme=theme, text=text, order=10 * (index + 1))
        for index, (key, theme, text) in enumerate(ITEMS)
    )


class Migration(migrations.Migration):
    dependencies = [("fritidsjob", "0013_progression")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
