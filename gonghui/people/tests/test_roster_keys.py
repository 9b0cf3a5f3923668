import random

from gonghui.people import pinyin
from gonghui.people.roster.keys import NameKeys


def test_fast_name_keys_equal_people_pinyin():
    r = random.Random(7)
    sur = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解朴区仇"
    giv = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国玉梅红志鹏飞宇浩然欣怡子涵梓轩晨阳雪婷佳琪思雨文博嘉俊海波春燕丹凤云龙德福永长行重乐"
    names = {r.choice(sur) + "".join(r.choice(giv) for _ in range(r.choice((1, 2, 2)))) for _ in range(5000)}
    names |= {"单雄信", "曾国藩", "长孙无忌", "买买提·艾力", "重庆", "解放", "乐乐", "Anna", "尉迟恭", "行长", "覃", "张三"}
    keys = NameKeys()
    for name in names:
        assert keys(name) == (pinyin.sort_key(name), pinyin.search_key(name)), name
