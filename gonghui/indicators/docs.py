"""docs/indicators.md is generated from the registry; a test fails when the file is stale."""

from pathlib import Path

DOC_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "indicators.md"


def render() -> str:
    from gonghui.indicators.registry import all_indicators

    lines = [
        "# 指标 / Indicators",
        "",
        "Generated from `gonghui/indicators/definitions/` by `python -m gonghui.indicators.docs`; do not edit.",
        "Every number in the summary, the tables, the dashboard and the API is one of these.",
        "Periods are inclusive at both ends; \"期末\" is the period's last day.",
        "",
        "| code | 名称 | 单位 | 定义 | 来源 |",
        "|---|---|---|---|---|",
    ]
    for ind in all_indicators():
        lines.append(f"| `{ind.code}` | {ind.name} | {ind.unit} | {ind.definition} | {ind.source} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH}")
