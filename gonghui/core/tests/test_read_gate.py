"""The read gate: page views queue among themselves, a write goes straight through."""

import threading

from django.test import RequestFactory

from gonghui.core.middleware import ReadGateMiddleware


def test_a_write_passes_while_the_reads_fill_the_gate_and_the_next_read_waits(settings):
    settings.GONGHUI_CONCURRENT_READS = 1
    inside, release = threading.Event(), threading.Event()
    seen = []

    def view(request):
        seen.append(request.method)
        if request.path == "/slow/":
            inside.set()
            release.wait(5)
        return request.method

    gate = ReadGateMiddleware(view)
    rf = RequestFactory()
    slow = threading.Thread(target=gate, args=(rf.get("/slow/"),))
    slow.start()
    assert inside.wait(5)
    waiting = threading.Thread(target=gate, args=(rf.get("/next/"),))
    waiting.start()
    assert gate(rf.post("/save/")) == "POST"  # the gate is full, the write is not held
    waiting.join(0.2)
    assert waiting.is_alive() and seen == ["GET", "POST"]  # the second read waits for the first
    release.set()
    slow.join(5)
    waiting.join(5)
    assert seen == ["GET", "POST", "GET"]


def test_zero_turns_the_gate_off(settings):
    settings.GONGHUI_CONCURRENT_READS = 0
    assert ReadGateMiddleware(lambda request: "ok").gate is None
