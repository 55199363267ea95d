"""bench/load.py's mixed run: one wrk run whose requests cycle through every page, its figures
and its errors. The live test drives a small local server (no Django, no database) with the
real wrk and Lua script."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


def wrk_output(**figures):
    raw = {
        "requests": 200,
        "duration_us": 2_000_000,
        "bytes": 1000,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": 0,
        "timeout": 0,
        "p50_us": 12_000,
        "p95_us": 40_000,
        "p99_us": 90_000,
        "max_us": 120_000,
        **figures,
    }
    fields = ", ".join(f'"{k}": {v}' for k, v in raw.items())
    return f"Running 2s test\n  2 threads and 4 connections\n\nWRK_JSON {{{fields}}}\n"


def test_the_mixed_command_gives_the_script_every_address():
    command = load.mixed_command(8999, ["/", "/documents/?q=a&page=2", "/api/"], 16, 60)
    assert command[:5] == ["wrk", "-t2", "-c16", "-d60s", f"--timeout={load.WRK_TIMEOUT}"]
    assert command[5:7] == ["-s", str(load.WRK_MIXED_SCRIPT)]
    assert command[7] == "http://127.0.0.1:8999/"
    assert command[8:] == ["--", "/", "/documents/?q=a&page=2", "/api/"]


def test_the_mixed_run_leaves_the_floors_out():
    chosen = [(load.FLOOR_BARE, "/floor/bare/"), (load.FLOOR_LIST, "/floor/list/"), ("home", "/")]
    assert load.mixed_pages(chosen) == [("home", "/")]


def test_every_kind_of_error_counts_and_is_kept_apart():
    result = load.parse_wrk(wrk_output(connect=1, read=2, write=3, status=4, timeout=5))
    assert result["errors"] == 15
    assert result["error_kinds"] == {"connect": 1, "read": 2, "write": 3, "status": 4, "timeout": 5}
    assert result["rps"] == 100
    assert (result["p50"], result["p95"], result["p99"]) == (12, 40, 90)


def test_a_run_that_finished_no_request_has_no_latency():
    result = load.parse_wrk(wrk_output(requests=0, p50_us=0, p95_us=0, p99_us=0))
    assert result["rps"] == 0
    assert (result["p50"], result["p95"], result["p99"]) == (None, None, None)


def test_the_mixed_summary_takes_medians_sums_errors_and_names_failing_pages():
    runs = []
    for p95, status, statuses in (
        (40_000, 0, {"home": 200, "about": 301}),
        (60_000, 3, {"home": 200, "about": 404}),
        (50_000, 0, {"home": "failed: timed out", "about": 200}),
    ):
        run = load.parse_wrk(wrk_output(p95_us=p95, status=status))
        run["statuses_after"] = statuses
        runs.append(run)
    summary = load.summarise_mixed(runs)
    assert summary["p95"] == 50
    assert summary["requests"] == 600
    assert summary["errors"] == 3
    assert summary["error_kinds"]["status"] == 3
    assert summary["failing_pages"] == ["about", "home"]


class Recorder(BaseHTTPRequestHandler):
    """Answers 200, except 404 for /missing/, and records every path asked for."""

    paths = []
    protocol_version = "HTTP/1.1"  # kept-alive connections, as gunicorn's

    def do_GET(self):
        self.paths.append(self.path)
        status = 404 if self.path == "/missing/" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """wrk drops its connections when its time is up, perhaps mid-answer."""


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk (the Debian package) is not installed")
def test_wrk_cycles_through_every_address_and_counts_a_404_as_an_error():
    Recorder.paths = []
    server = QuietServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    addresses = ["/", "/documents/?q=a&page=2", "/api/people/", "/missing/"]
    try:
        result = load.drive_mixed(server.server_address[1], addresses, 2, 1)
    finally:
        server.shutdown()
        server.server_close()
    assert set(Recorder.paths) == set(addresses)
    # Each address in turn: no address is asked for much more often than another.
    counts = [Recorder.paths.count(address) for address in addresses]
    assert max(counts) - min(counts) <= 4
    assert result["requests"] > 0
    # Every 404 counts, but for those answered after wrk stopped reading (one a connection).
    missing = Recorder.paths.count("/missing/")
    assert missing - 2 <= result["error_kinds"]["status"] <= missing
    assert missing > 0
    assert result["errors"] == result["error_kinds"]["status"]
