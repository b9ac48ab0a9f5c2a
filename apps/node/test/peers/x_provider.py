"""X's OAuth 1.0a endpoints and its "create a post" resource, for the node's tests.

The three-legged flow and signature checks are the python3-oauthlib provider of @convene/oauth's
tests (oauth1_provider.py, imported as is). This adds what X's v2 API does with a user token:
POST /2/tweets with a JSON body {"text": ...}, the request verified by oauthlib (a JSON body is not
signed, as on X), answered 201 {"data": {"id", "text"}}. Test controls: GET /test/posts lists the
verified posts; POST /test/fail?count=N makes the next N posts fail with X's 503 body.

Usage: /usr/bin/python3 x_provider.py CLIENTS_JSON  (prints its port, serves until stdin closes)
"""
import json
import os
import sys
from urllib.parse import parse_qsl, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "packages", "oauth", "test", "peers"))
import oauth1_provider as base  # noqa: E402  (reads CLIENTS_JSON from argv[1])

POSTS = []
FAILING = {"left": 0}


class XHandler(base.Handler):
    def _json(self, status, value):
        return self._answer(status, {"Content-Type": "application/json"}, json.dumps(value))

    def _handle(self, method):
        split = urlsplit(self.path)
        if split.path == "/2/tweets" and method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            uri = "http://%s%s" % (self.headers["Host"], self.path)
            headers = {name: value for name, value in self.headers.items()}
            valid, request = base.RESOURCE.validate_protected_resource_request(uri, method, body, headers)
            if not valid:
                return self._json(401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})
            with base.LOCK:
                if FAILING["left"] > 0:
                    FAILING["left"] -= 1
                    return self._json(503, {"title": "Service Unavailable", "detail": "Service Unavailable", "type": "about:blank", "status": 503})
                text = json.loads(body)["text"]
                POSTS.append({"text": text, "token": request.resource_owner_key, "client_key": request.client_key,
                              "signature_method": request.signature_method})
                post_id = str(1000 + len(POSTS))
            return self._json(201, {"data": {"id": post_id, "edit_history_tweet_ids": [post_id], "text": text}})
        if split.path == "/test/posts" and method == "GET":
            with base.LOCK:
                return self._json(200, POSTS)
        if split.path == "/test/fail" and method == "POST":
            with base.LOCK:
                FAILING["left"] = int(dict(parse_qsl(split.query)).get("count", "1"))
            return self._answer(204, {}, "")
        return super()._handle(method)


if __name__ == "__main__":
    base.Handler = XHandler  # the provider's main() serves whatever Handler names
    base.main()
