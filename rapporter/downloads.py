from django.http import HttpResponse


def file_response(field_file, *, filename: str, as_attachment: bool = True) -> HttpResponse:
    """A stored PDF as a response. PDFs are small, so they are read whole (a plain, testable response)."""
    with field_file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if as_attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
