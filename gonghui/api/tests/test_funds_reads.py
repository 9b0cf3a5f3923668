"""GET /funds/welfare, /funds/welfare/{id}, /funds/findings, /funds/assets (issue 15 §4): the records of
funds/records.py, the CLI's shape (funds/tests/test_records.py builds the books)."""

from gonghui.funds.tests.test_records import books  # noqa: F401  (the fixture)


def test_the_api_lists_welfare_findings_and_assets(cast, api, books):  # noqa: F811
    client = api(cast.chair_a)
    issues = client.get("/funds/welfare", params={"org": "UA", "year": "2026"}).json()
    assert [(i["项目"], i["合计金额"], i["发放形式"]) for i in issues] == [("节日慰问品", "400.00", "实物")]
    one = client.get(f"/funds/welfare/{books.pk}").json()
    assert one["发放名单"] == [{"姓名": "张三", "金额": "200.50"}, {"姓名": "李四", "金额": "199.50"}]
    findings = client.get("/funds/findings", params={"org": "UA", "year": "2026"}).json()
    assert [(f["摘要"], f["结论"], f["审查意见"]) for f in findings] == [("会议", "有问题", "缺少会议签到表")]
    assets = client.get("/funds/assets", params={"org": "UA", "on": "2026-12-31"}).json()
    # 3 000 over 72 months = 41.67 a month, June to December: 7 months.
    assert [(a["资产名称"], a["原值"], a["累计折旧"], a["净值"]) for a in assets] == [
        ("打印机", "3000.00", "291.69", "2708.31")]
