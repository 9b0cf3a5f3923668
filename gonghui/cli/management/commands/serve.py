"""`gonghui serve`: the production server (waitress) plus one background-job worker."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.cli import serving
from gonghui.cli.base import GonghuiCommand


def add_serve_arguments(parser, *, default_port: int = 8000) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="监听地址（默认 127.0.0.1；局域网访问用 0.0.0.0，并设置 GONGHUI_ALLOWED_HOSTS）")
    parser.add_argument("--port", type=int, default=default_port, help="端口（默认 %(default)s）")
    parser.add_argument("--threads", type=int, default=16, help="每个服务进程的工作线程数（默认 %(default)s）")
    parser.add_argument("--processes", type=int, default=serving.default_processes(),
                        help="服务进程数（默认每个CPU核心一个，最多4个；Windows 上总是1个）")
    parser.add_argument("--no-worker", action="store_false", dest="worker",
                        help="不启动后台任务进程（db_worker），例如已另行运行时")


def check_serve_options(*, port: int, threads: int, processes: int = 1) -> None:
    if not 0 < port < 65536:
        raise CommandError(_("端口 %(p)d 无效，应在 1 到 65535 之间。") % {"p": port})
    if not 0 < threads <= 256:
        raise CommandError(_("线程数 %(t)d 无效，应在 1 到 256 之间。") % {"t": threads})
    if not 0 < processes <= 64:
        raise CommandError(_("进程数 %(n)d 无效，应在 1 到 64 之间。") % {"n": processes})


class Command(GonghuiCommand):
    help = "启动 gonghui（waitress 服务器和后台任务进程），需要时先更新数据库结构"
    accepts_as_user = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_serve_arguments(parser)

    def run(self, *args, host, port, threads, worker, processes=1, **options):
        check_serve_options(port=port, threads=threads, processes=processes)
        serving.serve(host=host, port=port, threads=threads, worker=worker, processes=processes, stdout=self.stdout,
                      verbosity=self.verbosity)
        return _("gonghui 已停止。")
