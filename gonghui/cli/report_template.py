"""`gonghui report template …`: the work summary's Word template of an org, from the shell.

    gonghui report template upload 模板.docx --org CODE     # checked like on the 报表 page; replaces its own
    gonghui report template show --org CODE                  # in force: own, from above, or built-in
    gonghui report template delete --org CODE                # drop the org's own choice
    gonghui report template builtin --org CODE               # the built-in layout, even under a federation's
    gonghui report template example -o 模板.docx             # an example to start from

Kept beside the `report` command (which only wires the sub-commands) so the command file stays short.
"""

from __future__ import annotations

import os

from django.core.files import File
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from gonghui.reports.summary.example import example_document
from gonghui.reports.summary_templates import (
    summary_template_delete,
    summary_template_in_force,
    summary_template_upload,
    summary_template_use_builtin,
)


def add_template_arguments(command, subs) -> None:
    tmpl = subs.add_parser("template", help="工作总结的 Word 模板：上传、查看、删除、改用内置格式、示例",
                           description="工作总结的 Word 模板（含占位符的 .docx）")
    actions = tmpl.add_subparsers(dest="template_action", required=True,
                                  metavar="{upload,show,delete,builtin,example}")
    up = command.add_subcommand(actions, "upload", "上传（或替换）组织的工作总结模板")
    up.add_argument("file", help="Word 模板文件（.docx）")
    up.add_argument("--org", required=True, help="组织代码（模板对它及其下级有效）")
    for name, text in (("show", "查看组织在用的模板"), ("delete", "删除组织自己的模板设置"),
                       ("builtin", "组织及其下级改用内置格式（即使上级有模板）")):
        sub = command.add_subcommand(actions, name, text)
        sub.add_argument("--org", required=True, help="组织代码")
    ex = command.add_subcommand(actions, "example", "生成示例模板")
    ex.add_argument("-o", "--output", required=True, help="输出文件，如 工作总结模板.docx")


def template_run(command, action: str, *, org=None, file=None, output=None, **options) -> str:
    if action == "example":
        example_document().save(output)
        return _("已生成示例模板：%(path)s") % {"path": output}
    target = command.get_org(org, write=action != "show")
    if action == "upload":
        return _upload(command, target, file)
    if action == "show":
        return _show(target)
    if action == "delete":
        if summary_template_delete(actor=command.actor, org=target):
            return _("已删除%(org)s自己的模板设置；现在：%(now)s") % {"org": target.name, "now": _show(target)}
        return _("%(org)s没有自己的模板设置。") % {"org": target.name}
    summary_template_use_builtin(actor=command.actor, org=target)
    return _("%(org)s及其下级生成工作总结时使用内置格式。") % {"org": target.name}


def _upload(command, org, path: str) -> str:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the service has stored it
    except OSError:
        raise CommandError(_("找不到文件或无法读取：%(path)s") % {"path": path}) from None
    with handle:
        row = summary_template_upload(actor=command.actor, org=org,
                                      upload=File(handle, name=os.path.basename(path)))
    codes = "、".join("{{" + p + "}}" for p in row.placeholders)
    return _("已启用%(org)s的工作总结模板“%(name)s”（占位符：%(codes)s）") % {
        "org": org.name, "name": row.name, "codes": codes}


def _show(org) -> str:
    row = summary_template_in_force(org)
    if row is None:
        return _("%(org)s使用内置格式。") % {"org": org.name}
    whose = _("本单位") if row.org_id == org.pk else _("上级“%(up)s”") % {"up": row.org.name}
    if row.is_builtin:
        return _("%(org)s使用内置格式（%(whose)s的选择）。") % {"org": org.name, "whose": whose}
    return _("%(org)s使用%(whose)s的模板“%(name)s”（%(at)s上传，占位符：%(codes)s）") % {
        "org": org.name, "whose": whose, "name": row.name, "at": row.uploaded_at.strftime("%Y-%m-%d %H:%M"),
        "codes": "、".join("{{" + p + "}}" for p in row.placeholders)}
