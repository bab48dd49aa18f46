"""The client over real sockets: a kept-alive connection that the server closes without answering is
tried once more, on a new connection; a second silent close, or a server that does not answer in
time, is not retried."""

from __future__ import annotations

import socket
import threading

import pytest
import requests

from talk_conformance.run import client

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class ScriptedServer:
    """A loopback HTTP/1.1 server that handles the n-th request it receives as ``script[n]`` says:
    "answer" (and keep the connection), "close" (close the connection without a byte of answer) or
    "hang" (never answer). Requests past the script are answered."""

    def __init__(self, script: list[str]):
        self.script = script
        self.received: list[str] = []
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            while True:
                head = [reader.readline()]
                if not head[0]:
                    return
                while head[-1] not in (b"\r\n", b"\n", b""):
                    head.append(reader.readline())
                length = next((int(line.split(b":")[1]) for line in head if line.lower().startswith(b"content-length:")), 0)
                reader.read(length)
                self.received.append(head[0].split(b" ")[0].decode())
                what = self.script[len(self.received) - 1] if len(self.received) <= len(self.script) else "answer"
                if what == "close":
                    return
                if what == "hang":
                    threading.Event().wait(5)
                    return
                conn.sendall(OK)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def scripted():
    servers = []

    def start(*script: str) -> ScriptedServer:
        servers.append(ScriptedServer(list(script)))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_connection_closed_without_an_answer_is_tried_once_more(scripted, method):
    server = scripted("answer", "close")
    session = client.new_session(server.url)
    assert session.get(server.url + "/first").status_code == 200
    # Reused: the server closes it unanswered, as one that timed the idle connection out at that instant.
    reply = session.request(method, server.url + "/second", data={"message": "once"})
    assert reply.status_code == 200
    assert server.received == ["GET", method, method], "the dropped request is sent once more, no more"
    assert server.connections == 2, "the second try goes over a new connection"


def test_a_second_silent_close_is_the_end(scripted):
    server = scripted("close", "close", "answer")
    with pytest.raises(requests.ConnectionError):
        client.new_session(server.url).post(server.url + "/chat", data={"message": "x"})
    assert server.received == ["POST", "POST"]


def test_a_server_that_does_not_answer_in_time_is_not_asked_again(scripted):
    server = scripted("hang")
    with pytest.raises(requests.Timeout):
        client.new_session(server.url).post(server.url + "/chat", data={"message": "x"}, timeout=0.3)
    assert server.received == ["POST"], "a timed-out request may have been acted on: it is not sent again"


@pytest.mark.parametrize("fields", [
    {"a": 1, "b": "x y/ü&=", "c": None, "d": [1, "2", None], "e": True, "f": "", "g": 0, "h": [], "ids[]": ["a"]},
    {"message": "ä 😀", "replyTo": 0},
])
def test_actors_encode_fields_as_requests_does(fields):
    """Actors encode query and form fields themselves (requests' encoder is slow): the URL, body and
    headers must be what requests would have sent for the same fields."""
    url = "http://127.0.0.1:1/ocs/v2.php/apps/spreed/api/v4/room"
    for method in ("GET", "POST", "PUT"):
        expected = requests.Request(method, url, params=fields, data=fields, auth=("u", "p")).prepare()
        ours = client.prepare(method, url, fields, fields, {}, ("u", "p"))
        assert (ours.url, ours.body, dict(ours.headers)) == (expected.url, expected.body, dict(expected.headers))
    expected = requests.Request("POST", url, params={}, data={}).prepare()
    ours = client.prepare("POST", url, {}, {}, {})
    assert (ours.url, ours.body, dict(ours.headers)) == (expected.url, expected.body, dict(expected.headers))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_server_on_this_machine_is_reached_without_the_environments_proxy(scripted, host, monkeypatch):
    """An HTTP_PROXY meant for the outside world (here: one that refuses every connection) must not take
    the embedded server's traffic; a server elsewhere still goes through it."""
    server = scripted("answer")
    dead = socket.create_server(("127.0.0.1", 0))
    dead_proxy = f"http://127.0.0.1:{dead.getsockname()[1]}"
    dead.close()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    url = server.url.replace("127.0.0.1", host)
    assert client.new_session(url).get(url + "/first", timeout=5).status_code == 200
    assert server.received == ["GET"]
    assert client.new_session("http://talk.example.com").proxies.get("http") == dead_proxy
