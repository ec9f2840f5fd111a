"""`make run` as a new user runs it: the web server, a Celery worker and beat, without Redis.

The module runs `make run` itself once (install check, migrate, seed_demo, then honcho
with Procfile.dev) on files of its own: a temporary SQLite database, broker file, beat
schedule and media folder, a free port, and none of the environment's DATABASE_URL,
REDIS_URL or CELERY_* (CI sets them for the rest of the suite). Then, as a person would:
the health page shows the embedded broker, a live worker and a live beat within two
minutes, beat's first run of the rules gives the consultant the task the demo's quiet
case is due for, a funder report ordered in the browser answers at once with its
progress and then its link (made by the worker), and Ctrl-C (SIGINT to the process
group, as a terminal sends it) stops everything.
"""

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from .browser import expect

# One stack for the module's tests: they must run in one xdist worker, in file order.
pytestmark = pytest.mark.xdist_group("make_run")

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-test-Adgang-42"
# make run installs nothing new here (make test already did), then migrates and seeds a new database.
STARTUP_SECONDS = 240
# The promise: within two minutes of the server answering, worker and beat are alive.
ALIVE_SECONDS = 120
STOP_SECONDS = 30
OUTSIDE_SETTINGS = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in OUTSIDE_SETTINGS and not key.startswith(("CELERY_", "PYTEST_"))
    }
    env.update(
        DJANGO_DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_FILE=str(tmp_path / "celery-broker.sqlite3"),
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "celerybeat-schedule"),
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",
        SMS_FILE_PATH=str(tmp_path / "sms"),
        DEMO_PASSWORD=PASSWORD,
        PYTHONUNBUFFERED="1",
    )
    return env


class Browser:
    """Cookies and the CSRF token, enough to sign in and read pages."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username: str) -> None:
        _status, page = self.get("/konto/log-ind/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        request = urllib.request.Request(
            self.base + "/konto/log-ind/", data=data.encode(), headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=30) as response:
            assert "/konto/log-ind/" not in response.url, f"{username} could not sign in"


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def stop(run: subprocess.Popen) -> None:
    """Ctrl-C: SIGINT to the whole process group, then wait for make and everything it started."""
    group = os.getpgid(run.pid)
    os.killpg(group, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    while time.monotonic() < deadline:
        run.poll()
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.25)
    os.killpg(group, signal.SIGKILL)
    run.wait(timeout=10)
    raise AssertionError(f"processes of make run were still running {STOP_SECONDS} s after Ctrl-C")


@dataclass
class Stack:
    run: subprocess.Popen
    base: str
    directory: Path
    log_path: Path
    serving_since: float

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    directory = tmp_path_factory.mktemp("make-run")
    port = free_port()
    log_path = directory / "make-run.log"
    with log_path.open("w") as log:
        run = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=ROOT,
            env=run_environment(directory),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        login_status, login_page = None, ""
        while time.monotonic() < deadline and run.poll() is None:
            try:
                login_status, login_page = Browser(base).get("/konto/log-ind/")
                break
            except OSError:
                time.sleep(0.5)
        output = log_path.read_text(errors="replace")
        assert run.poll() is None, f"make run exited ({run.returncode}):\n{output}"
        assert login_status == 200 and 'name="password"' in login_page, output
        yield Stack(run=run, base=base, directory=directory, log_path=log_path, serving_since=time.monotonic())
    finally:
        if run.poll() is None:
            stop(run)


def test_health_page_shows_worker_and_beat_alive_within_two_minutes(stack):
    browser = Browser(stack.base)
    browser.log_in("projektleder")
    alive = False
    while time.monotonic() < stack.serving_since + ALIVE_SECONDS and stack.run.poll() is None:
        status, health = browser.get("/opgaver/drift/")
        assert status == 200, health
        if ">OK<" in section(health, "status-beat") and ">OK<" in section(health, "status-worker"):
            alive = True
            break
        time.sleep(2)
    assert alive, f"worker and beat not both alive {ALIVE_SECONDS} s after the server answered:\n{stack.output()}"
    broker = section(health, "status-broker")
    assert ">Svarer<" in broker and "indbyggede kø" in broker
    assert "kører ikke" not in health.lower()


def test_beat_makes_the_reminder_due_in_the_demo_data(stack):
    rules_ran = r"Task opgaver\.tasks\.run_reminder_rules\[[^\]]+\] succeeded.*'sag_uden_journal': 1"
    while time.monotonic() < stack.serving_since + ALIVE_SECONDS and not re.search(rules_ran, stack.output()):
        time.sleep(1)
    assert re.search(rules_ran, stack.output()), f"beat's run of the rules made no reminder:\n{stack.output()}"

    consultant = Browser(stack.base)
    consultant.log_in("konsulent")
    _status, inbox = consultant.get("/opgaver/")
    assert "Ingen journalnotat i 60 dage" in inbox
    with sqlite3.connect(stack.directory / "db.sqlite3") as database:
        reminders = database.execute(
            "SELECT rule.key FROM opgaver_reminder reminder JOIN opgaver_reminderrule rule ON rule.id = reminder.rule_id"
        ).fetchall()
    assert ("sag_uden_journal",) in reminders


@pytest.mark.browser
def test_ordering_a_report_answers_at_once_and_shows_progress_then_the_link(stack, browser):
    context = browser.new_context(base_url=stack.base, locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    js_errors = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    try:
        page.goto("/konto/log-ind/")
        page.get_by_label("Brugernavn").fill("projektleder")
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        expect(page.get_by_role("heading", name=re.compile(r"^Velkommen"))).to_be_visible()

        page.goto("/rapporter/indsatser/sammen-om-fritidsjob/statusrapport/ny/")
        ordered = time.monotonic()
        page.get_by_role("button", name="Lav rapporten").click()
        # The worker makes the PDF: the page comes back before it is done, with its progress.
        expect(page.get_by_role("progressbar", name="Fremdrift")).to_be_visible()
        answered_after = time.monotonic() - ordered
        expect(page.get_by_text("Rapporten er bestilt og bliver lavet i baggrunden.")).to_be_visible()
        expect(page.get_by_text("klar om lidt")).to_have_count(0)
        assert page.locator("[aria-live=polite] #rapportstatus").count() == 1

        # htmx polls the status until the download link replaces the progress bar.
        link = page.get_by_role("link", name="Hent rapporten (PDF)")
        expect(link).to_be_visible(timeout=90_000)
        expect(page.get_by_role("progressbar")).to_have_count(0)
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"%PDF")
    finally:
        context.close()
    assert answered_after < 10, f"ordering took {answered_after:.1f} s to answer"
    assert not js_errors, js_errors
    assert re.search(r"Task rapporter\.tasks\.generate_fund_report\[[^\]]+\] succeeded", stack.output())


def test_ctrl_c_stops_web_worker_and_beat(stack):
    stop(stack.run)
    log = stack.output()
    for process in ("web.1", "worker.1", "beat.1"):
        assert f"{process} started" in log and f"{process} stopped" in log, log
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(stack.base.rsplit(":", 1)[1])), timeout=2).close()
    assert (stack.directory / "celery-broker.sqlite3").stat().st_size > 0  # the tasks went through the embedded broker
