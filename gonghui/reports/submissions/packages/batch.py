"""Many packages at once (a folder or a .zip of them; issue #17 §3: a province's thousands of unions).

    packages_receive(actor=, files=[(name, read), ...], progress=None) -> [(name, RECEIVED | UNCHANGED | error)]

Each file is still taken whole or not at all, with its own verdict: a refused one (ValidationError with its
Chinese reason, or PermissionDenied) writes nothing and the others go on. What changes is the cost: the files
go in batches of `BATCH` (or fewer, up to `BATCH_BYTES`) in one transaction each; the batch's orgs and then
its targets are found (and the targets locked) by two queries, every file is checked before anything is
written, and the versions, files, targets and audit rows of the files that passed are written in a few
statements for the whole batch. Should the database still refuse a batch's writes (something only it sees),
the batch is rolled back and its files are taken again one by one, each in its own transaction, so that each
gets its own verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from gonghui.reports.submissions.packages.services import (
    RECEIVED,
    SUBMISSION,
    UNCHANGED,
    package_receive,
    parse_file,
    prepare_submission,
    target_key,
    targets_at_once,
    write_received,
)

BATCH = 50  # files per transaction: 50 × a 30 KB package is one 1.5 MB statement of files
BATCH_BYTES = 16 * 1024 * 1024  # and fewer when they are big (a package may hold up to 50 MB)
Outcome = str | ValidationError | PermissionDenied


def packages_receive(*, actor, files: Iterable[tuple[str, Callable[[], bytes]]],
                     progress: Callable[[int, int], None] | None = None,
                     batch: int = BATCH) -> list[tuple[str, Outcome]]:
    """Receive every file (name, read) in order; returns each name with RECEIVED, UNCHANGED or the error that
    refused it. `progress(done, total)` after each batch."""
    files = list(files)
    out: list[tuple[str, Outcome]] = []
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for i, (name, read) in enumerate(files, 1):
        data = read()
        chunk.append((name, data))
        size += len(data)
        if len(chunk) < batch and size < BATCH_BYTES and i < len(files):
            continue
        try:
            with transaction.atomic():
                verdicts = _receive_batch(actor, [data for _name, data in chunk])
        except DatabaseError:
            verdicts = [_receive_alone(actor, data) for _name, data in chunk]
        out += [(name, verdict) for (name, _data), verdict in zip(chunk, verdicts)]
        chunk, size = [], 0
        if progress:
            progress(len(out), len(files))
    return out


def _receive_alone(actor, data: bytes) -> Outcome:
    try:
        return package_receive(actor=actor, data=data)
    except (ValidationError, PermissionDenied) as exc:
        return exc


def _receive_batch(actor, datas: list[bytes]) -> list[Outcome]:
    verdicts: list[Outcome | None] = [None] * len(datas)
    bodies = {}
    for i, data in enumerate(datas):
        try:
            bodies[i] = parse_file(data)
        except ValidationError as exc:
            verdicts[i] = exc
    found = targets_at_once(actor, [b["payload"] for b in bodies.values() if b["kind"] == SUBMISSION])
    pending = []
    for i, body in bodies.items():
        try:
            if body["kind"] != SUBMISSION:  # a return file (on a union's install): rare, written at once
                verdicts[i] = package_receive(actor=actor, data=datas[i])  # in its own savepoint
                continue
            ready = prepare_submission(actor, body, found.get(target_key(body["payload"])))
        except (ValidationError, PermissionDenied) as exc:
            verdicts[i] = exc
            continue
        verdicts[i] = UNCHANGED if ready is None else RECEIVED
        if ready is not None:
            pending.append(ready)
    write_received(actor, pending)
    return verdicts
