"""An OAuth 1.0a provider for the tests, built on python3-oauthlib's RFC 5849 endpoints.

It speaks X's dialect of the three-legged flow on /oauth/request_token, /oauth/authorize,
/oauth/authenticate and /oauth/access_token (the access token answer carries user_id and
screen_name), and verifies signed requests on /resource, answering with the parameters it
verified. Nonces are remembered, so a replayed request is refused. It binds 127.0.0.1 on a free
port, prints the port on stdout, and serves until stdin closes or it is killed.

Usage: /usr/bin/python3 oauth1_provider.py CLIENTS_JSON
CLIENTS_JSON maps client keys to {"secret": ...} or {"rsa_public_key": PEM}.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

try:
    from oauthlib.oauth1 import (
        AccessTokenEndpoint,
        AuthorizationEndpoint,
        RequestTokenEndpoint,
        RequestValidator,
        ResourceEndpoint,
    )
    from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT, SIGNATURE_RSA_SHA1
except ImportError:
    sys.stderr.write("python3-oauthlib is missing: apt-get install python3-oauthlib\n")
    sys.exit(3)

CLIENTS = json.loads(sys.argv[1])
LOCK = threading.Lock()
REQUEST_TOKENS = {}  # token -> {secret, client_key, redirect_uri, verifier}
ACCESS_TOKENS = {}  # token -> {secret, client_key}
NONCES = set()


class Validator(RequestValidator):
    enforce_ssl = False
    allowed_signature_methods = (
        SIGNATURE_HMAC_SHA1,
        SIGNATURE_HMAC_SHA256,
        SIGNATURE_RSA_SHA1,
        SIGNATURE_PLAINTEXT,
    )

    @property
    def dummy_client(self):
        return "dummyclientkeyforoauth"

    @property
    def dummy_request_token(self):
        return "dummyrequesttokenforoauth"

    @property
    def dummy_access_token(self):
        return "dummyaccesstokenforoauth"

    @property
    def realms(self):
        return ["photos"]

    def validate_client_key(self, client_key, request):
        return client_key in CLIENTS

    def get_client_secret(self, client_key, request):
        return CLIENTS.get(client_key, {}).get("secret", "dummy")

    def get_rsa_key(self, client_key, request):
        return CLIENTS.get(client_key, {}).get("rsa_public_key")

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token, access_token)
        with LOCK:
            if key in NONCES:
                return False
            NONCES.add(key)
            return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return True

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def get_default_realms(self, client_key, request):
        return ["photos"]

    def save_request_token(self, token, request):
        with LOCK:
            REQUEST_TOKENS[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"],
                "client_key": request.client_key,
                "redirect_uri": request.redirect_uri,
            }

    def verify_request_token(self, token, request):
        return token in REQUEST_TOKENS

    def get_realms(self, token, request):
        return ["photos"]

    def get_redirect_uri(self, token, request):
        return REQUEST_TOKENS[token]["redirect_uri"]

    def save_verifier(self, token, verifier, request):
        with LOCK:
            REQUEST_TOKENS[token]["verifier"] = verifier["oauth_verifier"]

    def validate_request_token(self, client_key, token, request):
        entry = REQUEST_TOKENS.get(token)
        return entry is not None and entry["client_key"] == client_key

    def get_request_token_secret(self, client_key, token, request):
        entry = REQUEST_TOKENS.get(token)
        return entry["secret"] if entry else "dummy"

    def validate_verifier(self, client_key, token, verifier, request):
        entry = REQUEST_TOKENS.get(token)
        return entry is not None and entry.get("verifier") == verifier

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def verify_realms(self, token, realms, request):
        return True

    def invalidate_request_token(self, client_key, request_token, request):
        with LOCK:
            REQUEST_TOKENS.pop(request_token, None)

    def save_access_token(self, token, request):
        with LOCK:
            ACCESS_TOKENS[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"],
                "client_key": request.client_key,
            }

    def validate_access_token(self, client_key, token, request):
        entry = ACCESS_TOKENS.get(token)
        return entry is not None and entry["client_key"] == client_key

    def get_access_token_secret(self, client_key, token, request):
        entry = ACCESS_TOKENS.get(token)
        return entry["secret"] if entry else "dummy"


VALIDATOR = Validator()
REQUEST_TOKEN = RequestTokenEndpoint(VALIDATOR)
AUTHORIZATION = AuthorizationEndpoint(VALIDATOR)
ACCESS_TOKEN = AccessTokenEndpoint(VALIDATOR)
RESOURCE = ResourceEndpoint(VALIDATOR)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _answer(self, status, headers, body):
        body = body.encode() if isinstance(body, str) else (body or b"")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else None
        uri = "http://%s%s" % (self.headers["Host"], self.path)
        headers = {name: value for name, value in self.headers.items()}
        path = urlsplit(self.path).path
        if path == "/oauth/request_token" and method == "POST":
            h, b, s = REQUEST_TOKEN.create_request_token_response(uri, method, body, headers)
            return self._answer(s, h, b)
        if path == "/oauth/access_token" and method == "POST":
            h, b, s = ACCESS_TOKEN.create_access_token_response(
                uri, method, body, headers, credentials={"user_id": "6253282", "screen_name": "twitterapi"}
            )
            return self._answer(s, h, b)
        if path in ("/oauth/authorize", "/oauth/authenticate") and method == "GET":
            query = dict(parse_qsl(urlsplit(self.path).query))
            token = query.get("oauth_token", "")
            if query.get("deny") == "1" and token in REQUEST_TOKENS:
                target = REQUEST_TOKENS[token]["redirect_uri"]
                sep = "&" if "?" in target else "?"
                return self._answer(302, {"Location": "%s%sdenied=%s" % (target, sep, token)}, "")
            try:
                realms, _ = AUTHORIZATION.get_realms_and_credentials(uri, method, body, headers)
                h, b, s = AUTHORIZATION.create_authorization_response(
                    uri, method, body, headers, realms=realms, credentials={}
                )
            except Exception as error:  # oauthlib raises for unknown tokens
                return self._answer(400, {"Content-Type": "text/plain"}, "error=%s" % type(error).__name__)
            return self._answer(s, h, b)
        if path == "/resource":
            valid, request = RESOURCE.validate_protected_resource_request(uri, method, body, headers)
            if not valid:
                return self._answer(401, {"Content-Type": "application/json"}, json.dumps({"errors": [{"code": 32, "message": "Could not authenticate you."}]}))
            params = [[k, v] for k, v in request.params if not k.startswith("oauth_")]
            answer = {"client_key": request.client_key, "token": request.resource_owner_key,
                      "signature_method": request.signature_method, "params": params}
            return self._answer(200, {"Content-Type": "application/json"}, json.dumps(answer))
        return self._answer(404, {"Content-Type": "text/plain"}, "not found")

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
