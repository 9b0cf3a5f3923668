"""The `gonghui` console script: Django's command runner with our settings preselected."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    # `gonghui manage migrate` is the documented pass-through; `gonghui migrate` works too.
    if len(argv) > 1 and argv[1] == "manage":
        argv = [argv[0], *argv[2:]]
    argv[0] = "gonghui"
    try:
        execute_from_command_line(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`gonghui org list | head -1`): end quietly, as other shell tools do.
        # stdout goes to /dev/null so that the interpreter's last flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("\n" + _interrupted() + "\n")
        sys.exit(130)


def _interrupted() -> str:
    try:
        from django.utils.translation import gettext

        return gettext("已中断。")
    except Exception:  # noqa: BLE001 - Ctrl+C before Django was set up: the message as written
        return "已中断。"


if __name__ == "__main__":
    main()
