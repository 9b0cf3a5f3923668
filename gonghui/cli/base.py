"""What every `gonghui` command shares: --as-user, the audit source, Chinese errors, a progress bar.

Without --as-user a command acts as the system itself (actor=SYSTEM), run by whoever owns the data dir,
and reads the whole tree. With --as-user it acts as that account: the same services and the same
scoping as the web pages, so a union's admin cannot reach outside their union from the shell either.
"""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Callable, Iterator

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from xlsxwriter.exceptions import FileCreateError

from gonghui.accounts.scoping import SYSTEM, is_system
from gonghui.cli.database import migrate_if_needed
from gonghui.core.audit import current_source
from gonghui.core.periods import Period, period_from_params
from gonghui.core.scope_guard import guarded

Progress = Callable[[int, int], None]


def validation_text(exc: ValidationError) -> str:
    """One line of Chinese from a service's ValidationError (a dict of field -> messages, or a list)."""
    if hasattr(exc, "error_dict"):
        parts = [m for msgs in exc.message_dict.values() for m in msgs]
    else:
        parts = list(exc.messages)
    return "；".join(str(p).rstrip("。") for p in parts) + "。"


FILE_REASONS = {
    errno.ENOENT: gettext_lazy("文件或文件夹不存在"),
    errno.EACCES: gettext_lazy("没有读写权限"),
    errno.EPERM: gettext_lazy("没有读写权限"),
    errno.EISDIR: gettext_lazy("这是一个文件夹，请给出文件名"),
    errno.ENOSPC: gettext_lazy("磁盘空间不足"),
    errno.EROFS: gettext_lazy("所在磁盘只读"),
}


def file_error_text(exc: OSError) -> str:
    """One line of Chinese for a file the command could not read or write (a path the user gave)."""
    reason = FILE_REASONS.get(exc.errno) or exc.strerror or str(exc)
    if exc.filename:
        return _("无法读写“%(f)s”：%(r)s。") % {"f": exc.filename, "r": reason}
    return _("无法读写文件：%(r)s。") % {"r": reason}


class GonghuiCommand(BaseCommand):
    # Commands made of sub-commands (`gonghui user add`) put --as-user on each sub-command instead,
    # so it can be written after the sub-command's name like every other option.
    uses_subcommands = False
    accepts_as_user = True

    def add_arguments(self, parser):
        if self.accepts_as_user and not self.uses_subcommands:
            self.add_as_user(parser)

    @staticmethod
    def add_as_user(parser) -> None:
        parser.add_argument(
            "--as-user", metavar="USERNAME", dest="as_user", default=None,
            help="以该账号的身份和权限执行（默认：以系统身份执行，可操作全部数据）",
        )

    def add_subcommand(self, subparsers, name: str, help_text: str):
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if self.accepts_as_user:
            self.add_as_user(sub)
        return sub

    # --- running -----------------------------------------------------------------------------------

    def execute(self, *args, **options):
        token = current_source.set("cli")
        try:
            with guarded():
                return super().execute(*args, **options)
        finally:
            current_source.reset(token)

    def handle(self, *args, **options):
        self.verbosity = int(options.get("verbosity", 1))
        migrate_if_needed(self.stderr, self.verbosity)
        self.actor = self.resolve_actor(options.get("as_user"))
        self.viewer = self.actor
        try:
            summary = self.run(*args, **options)
        except ValidationError as exc:
            raise CommandError(validation_text(exc)) from None
        except PermissionDenied:
            who = self.actor.username if not is_system(self.actor) else _("系统")
            raise CommandError(_("账号“%(u)s”没有权限执行此操作。") % {"u": who}) from None
        except BrokenPipeError:
            raise  # the reader went away (`| head`): __main__ ends quietly
        except OSError as exc:
            raise CommandError(file_error_text(exc)) from None
        except FileCreateError as exc:  # xlsxwriter's wrapper of the OSError of the file it could not create
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise CommandError(file_error_text(cause)) from None
        if summary and self.verbosity >= 1:
            self.stdout.write(summary)

    def run(self, *args, **options) -> str | None:
        """Do the work; return the one-line summary (printed unless --verbosity 0)."""
        raise NotImplementedError

    # --- resolving names given on the command line ------------------------------------------------

    def resolve_actor(self, username: str | None):
        if not username:
            return SYSTEM
        User = get_user_model()
        try:
            # The same natural-key lookup login uses; who runs the shell says who they act as.
            user = User._default_manager.get_by_natural_key(username.strip())
        except User.DoesNotExist:
            raise CommandError(_("找不到账号“%(u)s”（--as-user）。") % {"u": username}) from None
        if not user.is_active:
            raise CommandError(_("账号“%(u)s”已停用，不能用它执行操作。") % {"u": username})
        return user

    def get_org(self, code: str, *, write: bool = False, label: str = ""):
        from gonghui.orgs.selectors import org_get

        try:
            return org_get(viewer=self.viewer, code=code, write=write)
        except Http404:
            where = label or _("组织")
            if not is_system(self.actor):
                raise CommandError(
                    _("找不到%(what)s代码“%(code)s”，或它不在账号“%(u)s”的管理范围内。")
                    % {"what": where, "code": code, "u": self.actor.username}) from None
            raise CommandError(_("找不到%(what)s代码“%(code)s”。请用 gonghui org list 查看已有组织。")
                               % {"what": where, "code": code}) from None
        except PermissionDenied:
            raise CommandError(_("账号“%(u)s”对组织“%(code)s”只有查看权限，不能修改。")
                               % {"u": self.actor.username, "code": code}) from None

    @staticmethod
    def span(period: str | None, start: str | None, end: str | None) -> Period:
        """The Period of --period, or of --from and --to; a command always names one (ValidationError)."""
        return period_from_params({"period": period, "from": start, "to": end}, default=None)

    def get_user(self, username: str):
        from gonghui.accounts.selectors import user_list

        user = user_list(viewer=self.viewer).filter(username=username.strip()).first()
        if user is None:
            if not is_system(self.actor):
                raise CommandError(_("找不到账号“%(u)s”，或它不在账号“%(a)s”的管理范围内。")
                                   % {"u": username, "a": self.actor.username})
            raise CommandError(_("找不到账号“%(u)s”。") % {"u": username})
        return user

    # --- output ------------------------------------------------------------------------------------

    def info(self, text: str, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(text)

    def is_terminal(self) -> bool:
        out = getattr(self.stdout, "_out", sys.stdout)
        return bool(getattr(out, "isatty", lambda: False)())

    @contextlib.contextmanager
    def progress(self, description: str) -> Iterator[Progress]:
        """A `progress(done, total)` callback: a rich bar on a terminal, silence elsewhere."""
        if not self.is_terminal() or self.verbosity < 1:
            yield lambda done, total: None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        console = Console(file=getattr(self.stdout, "_out", sys.stdout))
        with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                 console=console, transient=False) as bar:
            task = bar.add_task(description, total=None)

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            yield update
