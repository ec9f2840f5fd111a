"""The municipality running this instance: its name wherever a text names it, and its logo.

Without a municipality set up (manage.py opsaet_kommune), the name is settings.MUNICIPALITY_NAME
(the demo's Viborg) and there is no logo: the header looks as it always did.

Every page's header asks whether there is a logo, so the answer is kept in the cache (shared by
the web servers in production) rather than read from the database on each request;
`forget()` is called where the row changes (opsaet_kommune).
"""

import base64
import contextlib
import logging
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

HEADER_CACHE_KEY = "municipality:header:v1"
LOGO_CONTENT_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Header:
    """What the page header and the PDFs show: the name set up (or "") and the logo's stored name (or "")."""

    name: str = ""
    logo: str = ""


NOT_SET_UP = Header()


def municipality_name() -> str:
    from .models import Municipality

    row = Municipality.objects.filter(pk=1).only("name").first()
    return row.name if row else settings.MUNICIPALITY_NAME


def header() -> Header:
    try:
        cached = cache.get(HEADER_CACHE_KEY)
    except Exception:  # the cache (Redis) being down must not take every page down with it
        logger.warning("The cache cannot be read; the municipality's header is read from the database.")
        cached = None
    if isinstance(cached, Header):
        return cached
    from .models import Municipality

    row = Municipality.objects.filter(pk=1).only("name", "logo").first()
    found = Header(name=row.name, logo=row.logo.name or "") if row else NOT_SET_UP
    with contextlib.suppress(Exception):  # as above
        cache.set(HEADER_CACHE_KEY, found, timeout=None)
    return found


def forget() -> None:
    """After the municipality's row changed: the next page reads it again."""
    cache.delete(HEADER_CACHE_KEY)


def logo_content_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return LOGO_CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def logo_bytes() -> tuple[bytes, str] | None:
    """The stored logo and its content type, through the storage API; None without one."""
    from django.core.files.storage import default_storage

    name = header().logo
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return stored.read(), logo_content_type(name)


def logo_data_uri() -> str:
    """The logo inlined for a PDF (WeasyPrint reads no URL of ours), or "" without one."""
    found = logo_bytes()
    if found is None:
        return ""
    data, content_type = found
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


LOGO_MAX_BYTES = 1024 * 1024
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


class LogoRefused(ValueError):
    """Why a logo file cannot be used, in Danish."""


def checked_logo(filename: str, data: bytes) -> str:
    """The logo's suffix (".png" or ".svg") once the file has been checked to be one; LogoRefused otherwise.

    A PNG must open as one (Pillow). An SVG must be plain drawing: no DOCTYPE or entities, no
    script, no event attributes and no links out, since it is shown on every page.
    """
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in LOGO_CONTENT_TYPES:
        raise LogoRefused("Logoet skal være en PNG- eller SVG-fil (.png eller .svg).")
    if not data:
        raise LogoRefused("Logofilen er tom.")
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRefused(f"Logoet må højst fylde {LOGO_MAX_BYTES // 1024} kB; filen fylder {len(data) // 1024} kB.")
    if suffix == ".png":
        _check_png(data)
    else:
        _check_svg(data)
    return suffix


def _check_png(data: bytes) -> None:
    import io

    from PIL import Image, UnidentifiedImageError

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise LogoRefused("Filen hedder .png, men er ikke et PNG-billede.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoRefused("PNG-billedet kan ikke læses; det er måske ødelagt.") from error


def _check_svg(data: bytes) -> None:
    import xml.etree.ElementTree as ElementTree

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LogoRefused("SVG-filen skal være UTF-8.") from error
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise LogoRefused("SVG-filen må ikke have DOCTYPE eller ENTITY.")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise LogoRefused(f"SVG-filen kan ikke læses: {error}.") from error
    if root.tag not in (f"{SVG_NAMESPACE}svg", "svg"):
        raise LogoRefused("Filen hedder .svg, men er ikke en SVG-tegning.")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in {"script", "foreignobject", "iframe", "embed", "object"}:
            raise LogoRefused(f"SVG-filen må ikke indeholde <{tag}>.")
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                raise LogoRefused(f"SVG-filen må ikke have hændelsesattributten {name}.")
            if name == "href" and not value.strip().startswith(("#", "data:image/")):
                raise LogoRefused("SVG-filen må ikke hente noget udefra (href).")
