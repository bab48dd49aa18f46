"""Wake requests that wait for a room to change (a chat long poll) when a write touches it.

A waiter takes the room's current event synchronously, before its first suspension, so a change
committed after it read the room cannot slip by unseen. Only rooms somebody waits on have an event.
"""

from __future__ import annotations

import asyncio


class _Watch:
    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.waiters = 0


class RoomNotifier:
    def __init__(self) -> None:
        self._watches: dict[int, _Watch] = {}

    def changed(self, room_ids: set[int]) -> None:
        """Called after a commit with the rooms it wrote to."""
        for room_id in room_ids:
            watch = self._watches.pop(room_id, None)
            if watch is not None:
                watch.event.set()

    async def wait(self, room_id: int, timeout: float) -> bool:
        """True once the room changes, False when ``timeout`` seconds pass first."""
        watch = self._watches.setdefault(room_id, _Watch())
        watch.waiters += 1
        try:
            await asyncio.wait_for(watch.event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            watch.waiters -= 1
            # The last waiter to give up takes the watch along, so idle rooms hold nothing.
            if watch.waiters == 0 and self._watches.get(room_id) is watch:
                del self._watches[room_id]

    def watched(self) -> int:
        return len(self._watches)
