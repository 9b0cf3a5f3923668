from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """等保 level 2: at least three of upper case, lower case, digits and symbols."""

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("密码需包含大写字母、小写字母、数字、符号中的至少三类。"), code="password_classes"
            )

    def get_help_text(self):
        return _("密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 changed this message's msgid, so its zh_Hans catalogue no longer matches it."""

    def get_error_message(self):
        return _("密码太短，至少需要%(n)d个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少需要%(n)d个字符。") % {"n": self.min_length}


# Every syllable of Mandarin pinyin, toneless: a password whose letters are nothing but a few of them
# (Zhangsan1, Huawei@123, Gonghui2026) is a name or a word in pinyin, the first thing a guesser tries.
PINYIN_SYLLABLES = frozenset(["a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben", "beng", "bi", "bian", "biao", "bie", "bin", "bing", "bo", "bu", "ca", "cai", "can", "cang", "cao", "ce", "cen", "ceng", "cha", "chai", "chan", "chang", "chao", "che", "chen", "cheng", "chi", "chong", "chou", "chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo", "ci", "cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan", "dang", "dao", "de", "dei", "den", "deng", "di", "dia", "dian", "diao", "die", "ding", "diu", "dong", "dou", "du", "duan", "dui", "dun", "duo", "e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen", "feng", "fo", "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen", "geng", "gong", "gou", "gu", "gua", "guai", "guan", "guang", "gui", "gun", "guo", "ha", "hai", "han", "hang", "hao", "he", "hei", "hen", "heng", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui", "hun", "huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin", "jing", "jiong", "jiu", "ju", "juan", "jue", "jun", "ka", "kai", "kan", "kang", "kao", "ke", "kei", "ken", "keng", "kong", "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun", "kuo", "la", "lai", "lan", "lang", "lao", "le", "lei", "leng", "li", "lia", "lian", "liang", "liao", "lie", "lin", "ling", "liu", "lo", "long", "lou", "lu", "luan", "lue", "lun", "luo", "lv", "lve", "ma", "mai", "man", "mang", "mao", "me", "mei", "men", "meng", "mi", "mian", "miao", "mie", "min", "ming", "miu", "mo", "mou", "mu", "na", "nai", "nan", "nang", "nao", "ne", "nei", "nen", "neng", "ni", "nian", "niang", "niao", "nie", "nin", "ning", "niu", "nong", "nou", "nu", "nuan", "nue", "nuo", "nv", "nve", "o", "ou", "pa", "pai", "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie", "pin", "ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie", "qin", "qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang", "rao", "re", "ren", "reng", "ri", "rong", "rou", "ru", "rua", "ruan", "rui", "run", "ruo", "sa", "sai", "san", "sang", "sao", "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei", "shen", "sheng", "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun", "shuo", "si", "song", "sou", "su", "suan", "sui", "sun", "suo", "ta", "tai", "tan", "tang", "tao", "te", "teng", "ti", "tian", "tiao", "tie", "ting", "tong", "tou", "tu", "tuan", "tui", "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wu", "xi", "xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu", "xuan", "xue", "xun", "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo", "yong", "you", "yu", "yuan", "yue", "yun", "za", "zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai", "zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng", "zhi", "zhong", "zhou", "zhu", "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi", "zong", "zou", "zu", "zuan", "zui", "zun", "zuo"])

# Words people put before @123 in China's offices, in lower case.
GUESSABLE_WORDS = frozenset(["admin", "administrator", "root", "user", "test", "guest", "system", "sys", "manager", "super", "password", "passwd", "pass", "pwd", "qwerty", "qwertyuiop", "asdf", "asdfgh", "asdfghjkl", "zxcvbn", "abc", "abcd", "abcde", "abcdef", "welcome", "hello", "love", "iloveyou", "letmein", "login", "china", "beijing", "shanghai", "huawei", "gonghui", "union", "zghh", "acftu", "office", "oracle", "mysql", "sa", "dba"])

MAX_PINYIN_SYLLABLES = 4

# Runs along the keyboard (Qwer1234!, Asdf@2026, 1qaz2wsx): letters only, either direction.
KEYBOARD_RUNS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedcrfvtgbyhnujmikolp", "abcdefghijklmnopqrstuvwxyz")


def is_keyboard_run(letters: str) -> bool:
    return len(letters) >= 3 and any(letters in run or letters in run[::-1] for run in KEYBOARD_RUNS)


def is_pinyin(word: str) -> bool:
    """`word` is 1 to MAX_PINYIN_SYLLABLES pinyin syllables (zhangsan, huawei, gonghui, lixiaoming)."""
    best = {0: 0}  # position -> fewest syllables to reach it
    for i in range(len(word)):
        if i not in best:
            continue
        for j in range(i + 1, min(len(word), i + 6) + 1):
            if word[i:j] in PINYIN_SYLLABLES and best.get(j, 99) > best[i] + 1:
                best[j] = best[i] + 1
    return 0 < best.get(len(word), 99) <= MAX_PINYIN_SYLLABLES


def _name_words(user) -> set[str]:
    from pypinyin import lazy_pinyin

    words = set()
    for attr in ("username", "display_name", "first_name", "last_name"):
        value = (getattr(user, attr, "") or "").strip()
        if value:
            words.add(value.lower())
            words.add("".join(lazy_pinyin(value, errors="ignore")).lower())
    return {w for w in words if len(w) >= 3}


class GuessablePasswordValidator:
    """Refuses a common word, a name in pinyin or the product's name dressed up with capitals, digits and
    symbols (Admin@123, Huawei@123, Zhangsan1, Gonghui2026), and anything built on the user's own name."""

    def validate(self, password, user=None):
        letters = "".join(c for c in password.lower() if "a" <= c <= "z")
        own = _name_words(user) if user is not None else set()
        if (
            not letters
            or letters in GUESSABLE_WORDS
            or is_pinyin(letters)
            or is_keyboard_run(letters)
            or any(word in letters or word in password.lower() for word in own)
        ):
            raise ValidationError(
                _("密码太容易被猜到（常见单词、键盘上连着的字母、姓名或单位名称的拼音加数字，如 Admin@123、Qwer1234、"
                  "Zhangsan1），请换一个。"),
                code="password_guessable",
            )

    def get_help_text(self):
        return _("不能用常见单词、姓名拼音或单位名称加数字。")


class PasswordHistoryValidator:
    """The last HISTORY passwords of the same account may not come back."""

    HISTORY = 5

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from django.contrib.auth.hashers import check_password

        from gonghui.accounts.models import PasswordHistory

        recent = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[: self.HISTORY]
        if any(check_password(password, row.password) for row in recent):
            raise ValidationError(
                _("不能使用最近%(n)d次用过的密码，请换一个。") % {"n": self.HISTORY}, code="password_reused"
            )

    def get_help_text(self):
        return _("不能与最近%(n)d次用过的密码相同。") % {"n": self.HISTORY}
