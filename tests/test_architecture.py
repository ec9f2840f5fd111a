"""The architecture holds: every module of ours can be the first one a process imports.

A circular import shows only in the order that triggers it (once, `import
rapporter.kpi_engine` before `rapporter.kpi` failed in a fresh process), so each
module is imported first in a process of its own. Django is set up once in a
fresh interpreter (that imports the models and what the apps autodiscover, which
every process does anyway); then a forked child per module imports it.
The layers between the apps are checked by lint-imports in `make check`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "fritidsjob", "talentvaerksted", "virksomheder", "mentorer", "foraeldre", "opgaver", "rapporter"]

IMPORT_EACH_FIRST = """
import importlib, json, os, sys, traceback
import django
django.setup()
failures = {}
for module in json.loads(sys.argv[1]):
    if module in sys.modules:
        continue
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(module)
            status = 0
        except BaseException:
            os.write(write, traceback.format_exc(limit=-3).encode())
            status = 1
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode()
    _pid, status = os.waitpid(pid, 0)
    if status:
        failures[module] = message or f"exit status {status}"
print(json.dumps(failures))
"""


def our_modules() -> list[str]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_every_module_imports_first_in_a_fresh_process():
    modules = our_modules()
    assert len(modules) > 150  # the walk found the apps

    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_FIRST, json.dumps(modules)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "fritidsjob.settings_test"},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}
