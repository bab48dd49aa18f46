"""Nothing lost under load: eight writers post 1,000 messages to one conversation at once over real
HTTP while three long pollers listen; every message is stored once with strictly increasing ids, and
every poller gets each one exactly once, in order. The server serves every request on one event loop
with one SQLite connection, so concurrent writers must neither drop nor duplicate a message."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.test_refserver_support import OCS_HEADERS, SPREED, Api, InProcess, Users, create_room

WRITERS, PER_WRITER, POLLERS = 8, 125, 3
END = "the end"


def _session(auth) -> requests.Session:
    session = requests.Session()
    session.auth = auth
    session.headers.update(OCS_HEADERS)
    return session


def _listen(session: requests.Session, url: str, after: int, seen: list, problems: list) -> None:
    """Long-poll from ``after`` until END arrives, following X-Chat-Last-Given."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        reply = session.get(url, params={"lookIntoFuture": 1, "lastKnownMessageId": after, "timeout": 10,
                                         "setReadMarker": 0}, timeout=30)
        if reply.status_code == 304:
            continue
        if reply.status_code != 200:
            problems.append(f"poll answered {reply.status_code}")
            return
        batch = reply.json()["ocs"]["data"]
        seen += [(m["id"], m["message"]) for m in batch]
        after = int(reply.headers["X-Chat-Last-Given"])
        if any(m["message"] == END for m in batch):
            return
    problems.append("END never arrived")


def test_concurrent_writers_lose_nothing_and_pollers_see_everything_once(tmp_path):
    with InProcess(tmp_path / "load.sqlite") as server:
        users = Users(server)
        owner = users.user()
        members = [users.user() for _ in range(WRITERS - 1)]
        token = create_room(owner, 2, "load")
        for member in members:
            assert owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}).status == 200
        writers: list[Api] = [owner, *members]
        url = f"{server.url}{SPREED}/chat/{token}"
        start = owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 1}).data[0]["id"]

        seen = [[] for _ in range(POLLERS)]
        problems: list[str] = []
        pollers = [threading.Thread(target=_listen, args=(_session(writers[n].session.auth), url, start, seen[n],
                                                           problems)) for n in range(POLLERS)]
        for thread in pollers:
            thread.start()

        def write(n: int) -> list[tuple[int, int]]:
            session = _session(writers[n].session.auth)
            out = []
            for i in range(PER_WRITER):
                reply = session.post(url, data={"message": f"w{n}-{i}"}, timeout=30)
                out.append((reply.status_code, reply.json()["ocs"]["data"]["id"] if reply.status_code == 201 else 0))
            session.close()
            return out

        with ThreadPoolExecutor(WRITERS) as pool:
            results = [r for batch in pool.map(write, range(WRITERS)) for r in batch]
        assert [s for s, _ in results if s != 201] == []
        assert owner.post(f"/chat/{token}", {"message": END}).status == 201
        for thread in pollers:
            thread.join(150)
        assert not problems, problems

        posted = {f"w{n}-{i}" for n in range(WRITERS) for i in range(PER_WRITER)} | {END}
        returned_ids = [i for _, i in results]
        assert len(set(returned_ids)) == WRITERS * PER_WRITER, "two posts got the same id"

        history, last = [], 0
        while True:
            page = owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 200, "lastKnownMessageId": last})
            if page.status == 304:
                break
            history += page.data
            last = int(page.headers["x-chat-last-given"])
        ids = [m["id"] for m in reversed(history)]
        assert all(a < b for a, b in zip(ids, ids[1:])), "history ids do not strictly increase"
        stored = [m["message"] for m in history if m["message"] in posted]
        assert len(stored) == len(posted) and set(stored) == posted, "stored messages dropped or duplicated"
        assert set(returned_ids) <= set(ids)

        for n, got in enumerate(seen):
            got_ids = [i for i, _ in got]
            assert all(a < b for a, b in zip(got_ids, got_ids[1:])), f"poller {n}: ids out of order"
            texts = [t for _, t in got]
            assert len(texts) == len(posted) and set(texts) == posted, \
                f"poller {n}: {len(texts)} messages for {len(posted)} posted, {len(set(texts))} distinct"
