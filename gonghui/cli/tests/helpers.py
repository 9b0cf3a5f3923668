"""Run a `gonghui` command in-process the way the shell would, capturing what it prints."""

from __future__ import annotations

import io

from django.core.management import call_command


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
