"""A small scripted HTTP server on 127.0.0.1 standing in for an outside provider (SMS gateways, CVR).

Each request is recorded and answered with the next scripted `Answer` (or the
default answer when the script is empty): a status, a JSON or text body, and
optionally a delay longer than the client's timeout, or no answer at all (the
connection closed after the request was read). The app's httpx client talks to it
over real HTTP; nothing in the client is mocked. The tests script the bodies in each
provider's documented format (tests/test_sms_gateways.py, tests/test_cvr.py).
"""

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    json: object = None
    text: str = ""
    delay: float = 0.0  # seconds before answering: a timeout when longer than the client waits
    drop: bool = False  # read the request, then close the connection without a word


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def basic_auth(self) -> tuple[str, str] | None:
        value = self.headers.get("authorization", "")
        if not value.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(value[6:]).decode().partition(":")
        return user, password


@dataclass
class Provider:
    url: str = ""
    script: list[Answer] = field(default_factory=list)
    default: Answer = field(default_factory=Answer)
    requests: list[Request] = field(default_factory=list)

    def next_answer(self) -> Answer:
        return self.script.pop(0) if self.script else self.default


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            provider.requests.append(
                Request(
                    method=self.command,
                    path=parts.path,
                    query={key: values[0] for key, values in parse_qs(parts.query).items()},
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
            )
            answer = provider.next_answer()
            if answer.delay:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if answer.json is not None:
                body, content_type = json.dumps(answer.json).encode(), "application/json"
            else:
                body, content_type = answer.text.encode(), "text/plain; charset=utf-8"
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): that was the point

        do_GET = do_POST = _answer

    return Handler


@contextmanager
def serve_provider() -> Iterator[Provider]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    server.daemon_threads = True
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
