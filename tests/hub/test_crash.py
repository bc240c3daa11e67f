"""Durability: SIGKILL the hub process mid-traffic; nothing acknowledged is lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hubsoap import order

from dico_sdk.errors import TransportError
from dico_sdk.hub import default_accounts, write_accounts
from dico_sdk.transport import Envelope, HubProfile, MessageServiceTransport, RetryPolicy

MANAGER, PLUMBER = default_accounts()[:2]


@contextmanager
def hub_process(db: Path, accounts: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    command = [sys.executable, "-m", "dico_sdk", "hub", "serve", "--port", "0", "--db", str(db)]
    proc = subprocess.Popen(
        [*command, "--accounts", str(accounts)], stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("sandbox hub: "), line
        # Drain the request log so that the pipe never fills and blocks the hub.
        drain = threading.Thread(target=proc.stderr.read, daemon=True)
        drain.start()
        yield proc, line.split()[2]
    finally:
        proc.kill()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            drain.join(timeout=10)
            proc.stderr.close()


def transport(url: str, who: str, password: str) -> MessageServiceTransport:
    return MessageServiceTransport(
        HubProfile.sandbox(url), username=who, password=password, retry=RetryPolicy.no_retries()
    )


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_post_and_retries_deliver_the_rest_once(
    tmp_path: Path,
) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    db, accounts = tmp_path / "hub.sqlite", tmp_path / "accounts.toml"
    write_accounts(accounts, default_accounts())
    messages = [
        Envelope.new(order(extra=f"<Note>{i}</Note>").encode(), msg_type="MAINTENANCEINSTRUCTION")
        for i in range(400)
    ]
    acknowledged: list[str] = []
    failed: list[Envelope] = []

    with hub_process(db, accounts) as (proc, url):
        with transport(url, MANAGER.name, MANAGER.password) as sender:
            started = time.monotonic()
            for item in messages[:200]:
                acknowledged.append(sender.post(item).msg_id)
            per_post = (time.monotonic() - started) / 200
            # SIGKILL at a random moment of the next 200 posts: after a random number of them
            # has been answered, plus a random part of one post's time (so mid-request too).
            kill_after, pause = rng.randrange(1, 190), rng.uniform(0, per_post)
            reached = threading.Event()

            def kill() -> None:
                reached.wait(timeout=60)
                time.sleep(pause)
                proc.send_signal(signal.SIGKILL)

            killer = threading.Thread(target=kill)
            killer.start()
            for n, item in enumerate(messages[200:], start=1):
                try:
                    acknowledged.append(sender.post(item).msg_id)
                except TransportError:
                    failed.append(item)
                if n == kill_after:
                    reached.set()
            killer.join()
        assert proc.wait(timeout=10) == -signal.SIGKILL

    context = f"seed {seed}: {len(acknowledged)} acknowledged, {len(failed)} failed"
    assert len(acknowledged) + len(failed) == 400, context
    assert failed, f"the kill came after the last post ({context})"

    with (
        hub_process(db, accounts) as (_, url),
        transport(url, PLUMBER.name, PLUMBER.password) as receiver,
    ):
        listed = [info.msg_id for info in receiver.list_available()]
        # Every acknowledged post is there exactly once; at most the one post in flight when
        # the hub died may be there too, committed but unanswered.
        assert len(listed) == len(set(listed)), context
        assert set(acknowledged) <= set(listed), context
        assert len(set(listed) - set(acknowledged)) <= 1, context
        with transport(url, MANAGER.name, MANAGER.password) as sender:
            for item in failed:  # the client's retries, with the same MsgIds
                assert sender.post(item).msg_id == item.msg_id
        final = [info.msg_id for info in receiver.list_available()]
        assert len(final) == 400, context
        assert sorted(final) == sorted(m.msg_id for m in messages), context
        sample = rng.choice(messages)
        assert receiver.get(sample.msg_id) == sample, context
