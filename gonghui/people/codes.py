"""National code lists (domain.md §9.3–9.5). Stored as codes, shown as labels."""

import re
import unicodedata

# GB/T 3304-1991 民族
ETHNICITIES = [
    ("01", "汉族"), ("02", "蒙古族"), ("03", "回族"), ("04", "藏族"), ("05", "维吾尔族"), ("06", "苗族"),
    ("07", "彝族"), ("08", "壮族"), ("09", "布依族"), ("10", "朝鲜族"), ("11", "满族"), ("12", "侗族"),
    ("13", "瑶族"), ("14", "白族"), ("15", "土家族"), ("16", "哈尼族"), ("17", "哈萨克族"), ("18", "傣族"),
    ("19", "黎族"), ("20", "傈僳族"), ("21", "佤族"), ("22", "畲族"), ("23", "高山族"), ("24", "拉祜族"),
    ("25", "水族"), ("26", "东乡族"), ("27", "纳西族"), ("28", "景颇族"), ("29", "柯尔克孜族"), ("30", "土族"),
    ("31", "达斡尔族"), ("32", "仫佬族"), ("33", "羌族"), ("34", "布朗族"), ("35", "撒拉族"), ("36", "毛南族"),
    ("37", "仡佬族"), ("38", "锡伯族"), ("39", "阿昌族"), ("40", "普米族"), ("41", "塔吉克族"), ("42", "怒族"),
    ("43", "乌孜别克族"), ("44", "俄罗斯族"), ("45", "鄂温克族"), ("46", "德昂族"), ("47", "保安族"),
    ("48", "裕固族"), ("49", "京族"), ("50", "塔塔尔族"), ("51", "独龙族"), ("52", "鄂伦春族"), ("53", "赫哲族"),
    ("54", "门巴族"), ("55", "珞巴族"), ("56", "基诺族"), ("97", "其他"), ("98", "外国血统中国籍人士"),
]
ETHNICITY_ALIASES = {
    "毛难族": "36", "崩龙族": "46", "汉": "01", "漢族": "01",
    # How forms write them: short names, and GB/T 3304's 97/98 in words
    "蒙族": "02", "维族": "05", "哈族": "17", "柯族": "29", "乌孜别克": "43", "其他民族": "97", "其它": "97",
    "其它民族": "97", "未识别民族": "97", "未定民族": "97", "外国血统": "98", "外国血统中国籍": "98",
    "入籍": "98", "加入中国籍": "98",
}
# Groups not recognised as one of the 56 (GB/T 3304 files them under 97 其他): stored as 其他, with a note.
ETHNICITY_APPROX = {"穿青人": "97", "僜人": "97", "夏尔巴人": "97", "摩梭人": "97", "克木人": "97", "未识别": "97"}

# GB/T 4658-2006 学历, the group codes forms offer
EDUCATIONS = [
    ("10", "研究生"), ("20", "大学本科"), ("30", "大学专科"), ("40", "中等职业教育"),
    ("60", "普通高中"), ("70", "初中"), ("80", "小学"), ("90", "其他"),
]
EDUCATION_ALIASES = {
    "博士": "10", "博士研究生": "10", "硕士": "10", "硕士研究生": "10", "研究生": "10",
    "本科": "20", "大学": "20", "大本": "20",
    "大专": "30", "专科": "30", "高职": "30",
    "中专": "40", "中职": "40", "职高": "40", "技校": "40", "中技": "40",
    "高中": "60", "初中": "70", "小学": "80",
    "博士后": "10", "研究生及以上": "10", "硕士及以上": "10", "博士研究生毕业": "10", "硕士研究生毕业": "10",
    "大学本科毕业": "20", "学士": "20", "本科毕业": "20", "大学专科毕业": "30", "专科毕业": "30",
    "中等专科": "40", "中等专科学校": "40", "技工学校": "40", "技工": "40", "职业高中": "40", "中等职业学校": "40",
    "中等职业": "40", "普高": "60", "高中毕业": "60", "初中毕业": "70", "小学毕业": "80",
}
# Wider groups offices use: the nearest level of GB/T 4658, stored with a note saying so.
EDUCATION_APPROX = {
    "小学及以下": "80", "小学以下": "80", "初中及以下": "70", "高中及以下": "60", "高中及同等学历": "60",
    "高中/中专": "60", "高中(中专)": "60", "中专/高中": "40", "中专及高中": "60", "大专及以上": "30",
    "大专以上": "30", "本科及以上": "20", "本科以上": "20", "文盲": "90", "半文盲": "90", "不识字": "90",
    "文盲或半文盲": "90", "无": "90",
}
# Ways of study written before the level (全日制本科, 在职研究生): the level is what is stored.
EDUCATION_PREFIXES = ("全日制", "非全日制", "在职", "函授", "自考", "自学考试", "成人", "成教", "网络教育", "远程教育",
                      "夜大", "电大", "业余")

# GB/T 4762-1984 政治面貌
POLITICAL_STATUSES = [
    ("01", "中共党员"), ("02", "中共预备党员"), ("03", "共青团员"), ("04", "民革会员"), ("05", "民盟盟员"),
    ("06", "民建会员"), ("07", "民进会员"), ("08", "农工党党员"), ("09", "致公党党员"), ("10", "九三学社社员"),
    ("11", "台盟盟员"), ("12", "无党派人士"), ("13", "群众"),
]
POLITICAL_ALIASES = {
    "党员": "01", "中国共产党党员": "01", "共产党员": "01", "中共正式党员": "01", "正式党员": "01",
    "预备党员": "02", "中国共产党预备党员": "02", "团员": "03", "共青团": "03", "中国共产主义青年团团员": "03",
    # The eight democratic parties (GB/T 4762 04-11), by full name and as forms write them
    "民革": "04", "民革党员": "04", "中国国民党革命委员会会员": "04", "中国国民党革命委员会": "04",
    "民盟": "05", "民盟会员": "05", "民盟党员": "05", "中国民主同盟盟员": "05", "中国民主同盟": "05",
    "民建": "06", "民建党员": "06", "中国民主建国会会员": "06", "中国民主建国会": "06",
    "民进": "07", "民进党员": "07", "中国民主促进会会员": "07", "中国民主促进会": "07",
    "农工党": "08", "农工党员": "08", "农工民主党党员": "08", "中国农工民主党党员": "08", "中国农工民主党": "08",
    "致公党": "09", "致公党员": "09", "中国致公党党员": "09", "中国致公党": "09",
    "九三学社": "10", "九三": "10", "九三学社成员": "10",
    "台盟": "11", "台盟会员": "11", "台盟党员": "11", "台湾民主自治同盟盟员": "11", "台湾民主自治同盟": "11",
    "无党派民主人士": "12", "无党派": "12", "普通群众": "13",
}
# "无" is how many forms write 群众; stored as 群众, with a note.
POLITICAL_APPROX = {"无": "13", "非党员": "13"}


def _lookup(table, aliases, text: str) -> str | None:
    text = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "").replace("\u3000", "")
    if not text:
        return ""
    for code, label in table:
        if text in (code, label):
            return code
    if text in aliases:
        return aliases[text]
    if not text.endswith(("族", "人")) and table is ETHNICITIES:
        return _lookup(table, aliases, text + "族")
    if table is EDUCATIONS:
        bare = _BRACKETED.sub("", text)
        for prefix in EDUCATION_PREFIXES:
            bare = bare.removeprefix(prefix)
        if bare != text:
            return _lookup(table, aliases, bare)
    return None


_BRACKETED = re.compile(r"[（(].*?[)）]")


def approximate(table, text: str) -> str | None:
    """The nearest standard value of a wider spelling (学历 小学及以下 -> 小学), for imports that keep the person
    and say what was stored; None when nothing is near enough."""
    approx = {id(ETHNICITIES): ETHNICITY_APPROX, id(EDUCATIONS): EDUCATION_APPROX,
              id(POLITICAL_STATUSES): POLITICAL_APPROX}[id(table)]
    text = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "").replace("\u3000", "")
    return approx.get(text)


def label_of(table, code: str) -> str:
    return dict(table).get(code, "")


def ethnicity_code(text: str) -> str | None:
    return _lookup(ETHNICITIES, ETHNICITY_ALIASES, text)


def education_code(text: str) -> str | None:
    return _lookup(EDUCATIONS, EDUCATION_ALIASES, text)


def political_code(text: str) -> str | None:
    return _lookup(POLITICAL_STATUSES, POLITICAL_ALIASES, text)
