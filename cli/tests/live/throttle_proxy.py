"""A forwarding proxy on 127.0.0.1 for the KMS throttling test (cli/tests/live/kms.rs): moto cannot
throttle, so every KMS `Sign` request (X-Amz-Target: TrentService.Sign) is answered with KMS's
ThrottlingException, and every other request is forwarded to moto unchanged. GET /throttled says
how many Sign requests were refused (the SDK's retries). Usage: throttle_proxy.py PORT UPSTREAM."""

import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, UPSTREAM = int(sys.argv[1]), sys.argv[2].rstrip("/")
THROTTLED = 0
LOCK = threading.Lock()


class Proxy(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/throttled":
            with LOCK:
                count = THROTTLED
            self.reply(200, [("Content-Type", "text/plain")], str(count).encode())
        else:
            self.forward(b"")

    def do_POST(self):
        global THROTTLED
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("X-Amz-Target") == "TrentService.Sign":
            with LOCK:
                THROTTLED += 1
            self.reply(
                400,
                [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", "throttle-test")],
                b'{"__type":"ThrottlingException","message":"Rate exceeded"}',
            )
            return
        self.forward(body)

    def forward(self, body):
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        request = urllib.request.Request(UPSTREAM + self.path, data=body or None, headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request) as answer:
                self.reply(answer.status, answer.getheaders(), answer.read())
        except urllib.error.HTTPError as answer:
            self.reply(answer.code, answer.headers.items(), answer.read())


ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
