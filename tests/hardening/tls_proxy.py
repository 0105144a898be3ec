"""A TLS-terminating reverse proxy on loopback, as a deployment puts in front.

The product's web server listens on plain HTTP behind a proxy that holds
the certificate and says ``X-Forwarded-Proto: https``
(``BPETS_BEHIND_TLS_PROXY``). This one forwards to a loopback port only,
and refuses the requests it is told to (the scanner must not log itself
out: wapiti 3.0.4's own ``--exclude`` fails on Python 3.11).
"""

import http.client
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOOPBACK = "127.0.0.1"
# Headers that belong to one connection, never forwarded.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}


def handler_for(backend_port: int, refused: set[tuple[str, str]]):
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 (the base's name)
            pass

        def forward(self):
            path = self.path.split("?", 1)[0]
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if (self.command, path) in refused:
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return

            headers = {
                name: value
                for name, value in self.headers.items()
                if name.lower() not in HOP_BY_HOP
                and name.lower() != "x-forwarded-proto"
            }
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.client_address[0]
            backend = http.client.HTTPConnection(LOOPBACK, backend_port, timeout=60)
            try:
                backend.request(self.command, self.path, body=body, headers=headers)
                answer = backend.getresponse()
                content = answer.read()
            except OSError:
                # The server is not up yet, or has stopped.
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            finally:
                backend.close()

            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = forward
        do_OPTIONS = do_PATCH = forward

    return Forward


class TlsProxy:
    def __init__(self, port, backend_port, certificate, key, refused=()):
        self.server = ThreadingHTTPServer(
            (LOOPBACK, port), handler_for(backend_port, set(refused))
        )
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exception):
        self.server.shutdown()
        self.server.server_close()
