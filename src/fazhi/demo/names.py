"""Synthetic names: people, trade names (字号) and addresses.

Every name is drawn from character pools at random; none is taken from a real
person or business.
"""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
    "钟姜崔谭陆范汪廖石金贾夏韦傅方邹熊孟秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红波建鹏宇浩凯晨欣怡佳琪子涵梓轩思雨嘉铭博文俊杰"
    "海燕志国永红晓东立新春梅晓燕雪峰国强建华淑珍亚楠一鸣天宇晨阳诗琪可馨雅婷宏伟嘉怡奕辰昊然梓萱若曦"
)
TRADE_CHARS = (
    "瑞鑫华达恒通博远创聚力宏图众诚海天金辉汇泽锐思智联和顺成永盛嘉禾德信明卓越盈科晨曦东方星辰云帆浩宇昊佳源"
    "中启航凯旋鼎翔新正泰安同丰润亿桥银河立致精融沃光大甬江港湾蓝海朗睿捷优益诺铭泓翰杉柏森澜峰岳川弘鸿"
)

#: roads of each street (keys of fazhi.demo.zone.ZONE)
ROADS = {
    "street_meixu": ("梅墟路", "扬帆路", "江南路", "星海南路", "汇港路"),
    "street_xinming": ("新明路", "清逸路", "创苑路", "新晖路", "光华路"),
    "street_juxian": ("聚贤路", "院士路", "研发园路", "菁华路", "凌云路"),
}


def person_name(rng: random.Random) -> str:
    """A two- or three-character name: a common surname and one or two given-name characters."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def trade_name(rng: random.Random) -> str:
    """A two-character trade name (字号) of auspicious characters, e.g. 瑞博."""
    a = rng.choice(TRADE_CHARS)
    b = rng.choice(TRADE_CHARS)
    while b == a:
        b = rng.choice(TRADE_CHARS)
    return a + b


def address(rng: random.Random, street_key: str) -> str:
    road = rng.choice(ROADS[street_key])
    out = f"浙江省宁波市高新区{road}{rng.randint(1, 999)}号"
    if rng.random() < 0.6:
        out += f"{rng.randint(1, 30)}幢{rng.randint(1, 25)}{rng.randint(1, 30):02d}室"
    return out
