"""数据看板: the numbers (data.py, all from the indicator registry) and their charts (charts.py, drawn by
reports.charts as SVG). The web view (web/views/dashboard.py) only parses org and period and renders."""

from gonghui.reports.dashboard.charts import CHART_NAMES, Chart, chart_by_name, page_charts
from gonghui.reports.dashboard.data import (
    BREAKDOWN_CODES,
    KEY_CODES,
    SILENT_CODES,
    TREND_CODES,
    Card,
    Dashboard,
    Trend,
    dashboard_data,
    fmt_value,
)

__all__ = [
    "BREAKDOWN_CODES", "CHART_NAMES", "KEY_CODES", "SILENT_CODES", "TREND_CODES", "Card", "Chart", "Dashboard",
    "Trend", "chart_by_name", "dashboard_data", "fmt_value", "page_charts",
]
