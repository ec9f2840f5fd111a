"""A small OpenID Connect provider for tests, served over real HTTP on 127.0.0.1.

Discovery, authorize (signs in `provider.user` at once and sends the browser back with a
code and the state), token (checks the client secret, the redirect URI and PKCE, answers
an RS256-signed ID token), JWKS and userinfo. Nothing in the client is mocked: the app's
backend talks to this server as it would to Entra ID.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "fritidsjob-test"
CLIENT_SECRET = "test-client-secret"
KID = "test-key-1"


@dataclass
class Provider:
    """What the provider does; tests change `user` (the claims of who signs in) and the switches."""

    url: str = ""
    user: dict = field(default_factory=dict)
    # Where the groups go: the ID token (as Entra ID) or only the userinfo answer.
    groups_in_userinfo: bool = False
    # Sign with a key the JWKS does not announce (a forged token).
    forge_signature: bool = False
    audience: str = CLIENT_ID
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict = field(default_factory=dict)
    access_tokens: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str, user: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **{k: v for k, v in user.items() if k != "groups" or not self.groups_in_userinfo},
        }
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if self.forge_signature else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, data: dict, status: int = 200):
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            provider.requests.append(("GET", url.path))
            if url.path == "/.well-known/openid-configuration":
                return self._json(provider.discovery())
            if url.path == "/jwks":
                return self._json(provider.jwks())
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    return self._json({"error": "invalid_request"}, 400)
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {
                    "nonce": query.get("nonce"),
                    "redirect_uri": query["redirect_uri"],
                    "code_challenge": query.get("code_challenge"),
                    "user": dict(provider.user),
                }
                self.send_response(302)
                self.send_header(
                    "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                )
                self.end_headers()
                return None
            if url.path == "/userinfo":
                user = provider.access_tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
                if user is None:
                    return self._json({"error": "invalid_token"}, 401)
                return self._json(user)
            return self._json({"error": "not_found"}, 404)

        def do_POST(self):
            provider.requests.append(("POST", self.path))
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/token":
                return self._json({"error": "not_found"}, 404)
            if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                return self._json({"error": "invalid_client"}, 401)
            grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
            if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
                return self._json({"error": "invalid_grant"}, 400)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant["code_challenge"] != challenge:
                return self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
            access_token = secrets.token_urlsafe(16)
            provider.access_tokens[access_token] = grant["user"]
            id_token = provider.id_token(grant["nonce"], grant["user"])
            return self._json(
                {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
            )

    return Handler


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A Provider served on a free port of 127.0.0.1 for the length of the block."""
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
