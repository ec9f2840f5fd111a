"""References to other systems (issue 20): the jobcentre's and the ESDH case numbers and the KLE number on a
young person's case (validated by the municipality's formats, shown, searchable, exported, in the indsigt
package and removed by anonymisation), and a company's P-number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import personal_data
from fritidsjob import erasure
from fritidsjob.models import KLE_LEISURE_JOBS, Youth, YouthStatus
from virksomheder.models import Company

from .factories import YouthFactory
from .factories_virksomheder import CompanyFactory


def test_a_new_case_is_classified_as_leisure_job_placement(db):
    assert YouthFactory().kle_number == KLE_LEISURE_JOBS == "15.30.05"


def test_valid_references_are_kept(db):
    youth = YouthFactory(jobcenter_case_number="MOM-123456", esdh_case_number="15.30.05-P20-17-26")

    youth.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("esdh_case_number", "2026-17", "ESDH-sagsnummer har ikke kommunens format. Fx 15.30.05-P20-1-26."),
        ("jobcenter_case_number", "123 456", "Jobcentrets sagsnummer har ikke kommunens format."),
        ("kle_number", "15305", "KLE-nummeret skrives som 15.30.05."),
    ],
)
def test_a_reference_in_the_wrong_format_is_refused_in_danish(db, field, value, message):
    youth = YouthFactory()
    setattr(youth, field, value)

    with pytest.raises(ValidationError) as refused:
        youth.full_clean()

    assert refused.value.message_dict[field] == [message]


def test_the_municipality_sets_its_own_format(db, settings):
    settings.JOBCENTER_CASE_NUMBER_PATTERN = r"\d{8}"
    settings.JOBCENTER_CASE_NUMBER_EXAMPLE = "12345678"
    youth = YouthFactory(jobcenter_case_number="MOM-1")

    with pytest.raises(ValidationError) as refused:
        youth.full_clean()
    assert refused.value.message_dict["jobcenter_case_number"] == [
        "Jobcentrets sagsnummer har ikke kommunens format. Fx 12345678."
    ]
    settings.JOBCENTER_CASE_NUMBER_PATTERN = ""
    youth.full_clean()  # no format: anything goes


def test_references_are_shown_on_the_case_and_find_it(db, consultant_client):
    youth = YouthFactory(first_name="Ida", jobcenter_case_number="MOM-123456", esdh_case_number="15.30.05-P20-17-26")
    YouthFactory(first_name="Bo")

    page = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert "MOM-123456" in page and "15.30.05-P20-17-26" in page and "15.30.05" in page

    for number in ("MOM-123456", "15.30.05-p20-17-26"):
        found = consultant_client.get(reverse("fritidsjob:youth_list"), {"name": number})
        assert [y.first_name for y in found.context["object_list"]] == ["Ida"]


def test_references_are_in_the_export(db, consultant_client):
    YouthFactory(jobcenter_case_number="MOM-123456", esdh_case_number="15.30.05-P20-17-26")

    response = consultant_client.get(reverse("fritidsjob:youth_list"), {"eksport": "csv"})

    text = response.content.decode("utf-8-sig")
    assert "Jobcentrets sagsnummer" in text and "MOM-123456" in text and "15.30.05-P20-17-26" in text


def test_references_are_in_the_indsigt_package(db):
    youth = YouthFactory(jobcenter_case_number="MOM-123456", esdh_case_number="15.30.05-P20-17-26")

    text = str(personal_data.gather(youth))
    assert "MOM-123456" in text and "15.30.05-P20-17-26" in text


def test_a_company_carries_its_p_number(db, consultant_client):
    company = CompanyFactory(p_number="1012345678")
    company.full_clean()
    assert "1012345678" in consultant_client.get(company.get_absolute_url()).content.decode()

    company.p_number = "12345"
    with pytest.raises(ValidationError) as refused:
        company.full_clean()
    assert refused.value.message_dict["p_number"] == ["P-nummeret skal være ti cifre."]
    assert Company.objects.get(pk=company.pk).p_number == "1012345678"


def test_anonymising_removes_the_case_numbers(db):
    youth = YouthFactory(
        jobcenter_case_number="MOM-123456", esdh_case_number="15.30.05-P20-17-26", status=YouthStatus.CLOSED,
        end_reason="Flyttet",
    )  # fmt: skip

    erasure.person_anonymise(person=youth, reason="Test", origin="test")

    youth = Youth.objects.get(pk=youth.pk)
    assert (youth.jobcenter_case_number, youth.esdh_case_number, youth.kle_number) == ("", "", "15.30.05")
