"""Hostile clients against the webhook server in its own process on 127.0.0.1 (issue 12, 7).

Measured from outside: the server's peak memory (``VmHWM``) while unauthenticated and
oversized 95 MB bodies are posted; idle and slow-header sockets closed by the server within
its timeout; /healthz answering while 300 idle sockets are open on a process whose open-file
limit is 256; and a log that stays small. Every wait is bounded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adapters.telegram.hostile_server import SECRET
from tests.conftest import KNOWLEDGE_DIR, ROOT

SERVER = Path(__file__).with_name("hostile_server.py")
TIMEOUT_S = 1.0
BODY = 95 * 1024 * 1024


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def memory_kb(self, field: str = "VmHWM") -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith(field + ":"))
        return int(line.split()[1])

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def get(self, path: str) -> tuple[int, bytes]:
        with self.connect() as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[-1]


@pytest.fixture
def server(tmp_path: Path, unused_tcp_port: int) -> Iterator[Server]:
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(SERVER), str(unused_tcp_port), str(KNOWLEDGE_DIR),
             str(tmp_path / "bot.sqlite3"), str(TIMEOUT_S), "256"],
            stdout=subprocess.PIPE, stderr=sink, env=env)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith(b"ready"), log.read_text()
        yield Server(process, unused_tcp_port, log)
    finally:
        process.kill()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def _post(server: Server, secret: str, length: int = BODY) -> bytes:
    """Post ``length`` bytes; returns what the server said before it closed (if anything)."""
    sock = server.connect()
    answer = b""
    try:
        sock.sendall((f"POST /tg-hook HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n"
                      f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
                      "Content-Type: application/json\r\n\r\n").encode())
        chunk, left = b"x" * (1024 * 1024), length
        while left > 0:
            sock.sendall(chunk[:left])
            left -= len(chunk)
    except OSError:
        pass  # the server closed the connection without reading the body: the point
    try:
        answer = sock.recv(4096)
    except OSError:
        pass
    finally:
        sock.close()
    return answer


def test_oversized_and_unauthenticated_bodies_are_refused_without_buffering(
        server: Server) -> None:
    assert server.get("/healthz")[0] == 200
    baseline = server.memory_kb()
    answers = [_post(server, "wrong-secret") for _ in range(6)]
    answers.append(_post(server, SECRET))  # the right secret, but 95 MB
    grown_mb = (server.memory_kb() - baseline) / 1024
    assert grown_mb < 30, f"peak memory grew by {grown_mb:.0f} MB"
    assert all(a == b"" or a.startswith((b"HTTP/1.1 403", b"HTTP/1.1 400")) for a in answers)
    assert server.get("/healthz")[0] == 200


def _closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_idle_and_slow_header_sockets_are_closed_within_the_timeout(server: Server) -> None:
    with server.connect() as idle, server.connect() as slow:
        slow.sendall(b"POST /tg-hook HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        started = time.monotonic()
        assert _closed_by_server(idle, TIMEOUT_S + 3)
        assert _closed_by_server(slow, TIMEOUT_S + 3)
        assert time.monotonic() - started < TIMEOUT_S + 3


def test_healthz_answers_while_300_idle_sockets_are_open(server: Server) -> None:
    sockets = [server.connect() for _ in range(300)]  # the server's file limit is 256
    try:
        started = time.monotonic()
        status, body = server.get("/healthz")
        assert (status, body) == (200, b"healthy")
        assert time.monotonic() - started < 5
        assert _post(server, SECRET, length=2).startswith(b"HTTP/1.1 400")  # not an update
    finally:
        for sock in sockets:
            sock.close()
    assert server.log.stat().st_size < 20_000, server.log.read_text()[-2000:]


def test_a_repeated_log_record_is_logged_once_with_a_count() -> None:
    import logging

    from ie_bot.adapters.telegram.http_guard import RepeatFilter

    now = [0.0]
    repeat = RepeatFilter(window_s=60, clock=lambda: now[0])

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("tornado.general", logging.ERROR, __file__, 1, message,
                                 None, None)

    passed = [repeat.filter(record("Too many open files")) for _ in range(170_310)]
    assert passed.count(True) == 1
    assert repeat.filter(record("another error"))
    now[0] = 61.0
    later = record("Too many open files")
    assert repeat.filter(later)
    assert "170309 more like this" in later.getMessage()
