"""The compose file's load balancer config (deploy/nginx/proxy.conf), run by a real nginx in
front of a stand-in replica that echoes the headers it got. Only the addresses differ from
production: `web:8000` (Docker's DNS) becomes the stand-in's loopback address, and nginx listens
on a free port. Needs Debian's nginx (`apt-get install nginx-light`; CI installs it)."""

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx", path="/usr/sbin:/usr/bin") or "nginx"
pytestmark = pytest.mark.nginx


class Echo(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def replica():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def start_proxy(tmp_path: Path, upstream: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    config = (ROOT / "deploy/nginx/proxy.conf").read_text()
    assert "listen 8000;" in config and "web:8000;" in config
    config = config.replace("listen 8000;", f"listen 127.0.0.1:{port};")
    config = config.replace("web:8000;", f"{upstream};")
    (tmp_path / "proxy.conf").write_text(config)
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\nmaster_process off;\nerror_log {tmp_path}/logs/error.log;\n"
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; include {tmp_path}/proxy.conf; }}\n"
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("nginx did not start")


@pytest.fixture
def proxy(tmp_path, replica):
    process, port = start_proxy(tmp_path, f"127.0.0.1:{replica.server_address[1]}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_syntax_is_valid_as_shipped(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"error_log {tmp_path}/logs/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ include {ROOT}/deploy/nginx/proxy.conf; }}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_proxy_passes_requests_on_with_host_request_id_and_scheme(proxy):
    status, body = get(
        proxy + "/incidents/7/?v=3", {"Host": "crisis.example.nl", "X-Request-ID": "abc-123"}
    )
    assert status == 200
    seen = json.loads(body)
    headers = {key.lower(): value for key, value in seen["headers"].items()}
    assert seen["path"] == "/incidents/7/?v=3"
    assert headers["host"] == "crisis.example.nl"  # ALLOWED_HOSTS sees the public name
    assert headers["x-request-id"] == "abc-123"  # one id in the logs of proxy and replica
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-forwarded-for"] == "127.0.0.1"


def test_the_proxy_makes_a_request_id_and_keeps_the_tls_proxys_scheme(proxy):
    status, body = get(proxy + "/", {"X-Forwarded-Proto": "https"})
    headers = {key.lower(): value for key, value in json.loads(body)["headers"].items()}
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    assert headers["x-forwarded-proto"] == "https"  # SECURE_PROXY_SSL_HEADER: secure cookies


def test_the_proxy_answers_its_own_health_and_502_when_no_replica_is_up(tmp_path):
    process, port = start_proxy(tmp_path, f"127.0.0.1:{free_port()}")
    try:
        assert get(f"http://127.0.0.1:{port}/proxy-health") == (200, b"ok\n")
        status, _ = get(f"http://127.0.0.1:{port}/incidents/")
        assert status == 502
    finally:
        process.terminate()
        process.wait(timeout=10)
