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
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
