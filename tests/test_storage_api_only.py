"""App code reaches uploaded and generated files only through Django's storage API.

So the same code runs on one machine with FileSystemStorage and on several web and worker
machines sharing an S3 bucket (STORAGE_BACKEND=s3, tests/test_storage_s3.py). This scans the
apps' source for what would bypass the storage: the builtin open(), pathlib, os/shutil file
operations, Path-style writes and deletes, tempfile, MEDIA_ROOT and a FileField's `.path`
(a local file name, which an S3 storage does not have).
"""

import ast
from pathlib import Path

from django.apps import apps
from django.db.models import FileField

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "fritidsjob", "opgaver", "rapporter", "talentvaerksted", "virksomheder", "mentorer", "foraeldre"]
OS_FILE_CALLS = {"remove", "unlink", "rename", "replace", "makedirs", "mkdir", "rmdir", "open"}
PATH_METHODS = {"write_bytes", "write_text", "read_bytes", "read_text", "unlink", "rmdir", "mkdir"}

# Files outside the storage on purpose, with why. Nothing here holds an uploaded or generated file of the app.
ALLOWED = {
    # The File SMS backend (development and tests) appends to a local outbox file the tests read.
    "opgaver/sms.py": {"open()", "pathlib", "Path method read_text", "Path method mkdir"},
    # Management commands read and write a file the operator names on the command line, on their machine.
    "core/management/commands/indsigt.py": {"pathlib", "Path method write_bytes"},
    "fritidsjob/management/commands/importer.py": {"pathlib"},
    # opsaet_kommune reads the schools, industries and logo files named with --skoler, --brancher and --logo
    # (the logo is then stored through the storage API).
    "rapporter/management/commands/opsaet_kommune.py": {"pathlib", "Path method read_text", "Path method read_bytes"},
    # Settings name local files (the embedded broker, beat's schedule, MEDIA_ROOT for FileSystemStorage).
    "fritidsjob/settings.py": {"pathlib", "MEDIA_ROOT"},
    "fritidsjob/settings_test.py": {"MEDIA_ROOT"},
}


def file_field_names() -> set[str]:
    return {
        field.name for model in apps.get_models() for field in model._meta.get_fields() if isinstance(field, FileField)
    }


def findings(tree: ast.AST, file_fields: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            found.add("open()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if module.split(".")[0] in {"pathlib", "tempfile", "shutil"}:
                    found.add(module.split(".")[0])
        elif isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in {"os", "shutil"} and node.attr in OS_FILE_CALLS | {"path"}:
                if node.attr != "path":
                    found.add(f"{owner.id}.{node.attr}")
            elif node.attr in PATH_METHODS:
                found.add(f"Path method {node.attr}")
            elif node.attr == "MEDIA_ROOT":
                found.add("MEDIA_ROOT")
            elif node.attr == "path" and isinstance(owner, ast.Attribute) and owner.attr in file_fields:
                found.add(f"{owner.attr}.path")
        elif isinstance(node, ast.Name) and node.id == "MEDIA_ROOT":
            found.add("MEDIA_ROOT")
    return found


def test_app_code_touches_files_only_through_the_storage_api():
    file_fields = file_field_names()
    assert {"document", "file", "pdf"} <= file_fields  # the scan knows the file fields it looks for
    offending = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name:
                continue
            found = findings(ast.parse(path.read_text(encoding="utf-8")), file_fields) - ALLOWED.get(name, set())
            if found:
                offending[name] = sorted(found)
    assert offending == {}


def test_the_scan_finds_each_way_around_the_storage():
    source = """
import os, tempfile
from pathlib import Path
open("media/x.pdf", "wb")
Path("media/x.pdf").write_bytes(b"")
os.remove(settings.MEDIA_ROOT / "x.pdf")
target.unlink()
name = consent.document.path
"""
    assert findings(ast.parse(source), {"document"}) == {
        "open()",
        "pathlib",
        "tempfile",
        "Path method write_bytes",
        "os.remove",
        "MEDIA_ROOT",
        "Path method unlink",
        "document.path",
    }
