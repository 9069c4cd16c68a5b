"""The demo county: a real county (叶县, Henan; national rule profile) with five years of an
invented but plausible record, and deliberate gaps so that the oversight dashboard has
something true to show.

Deterministic: every township draws from its own seeded random.Random, and every date is
built from `today` (the year of `today` is the year in progress, the five years before it
are closed), so a test that passes a fixed `today` knows exactly what was made. Terms follow
the national change of term: deputies elected late in the year before a round year
(…, 2016, 2021, 2026), first sessions in January of the round year (2017, 2022, 2027).

Everything is lawful (RULES.md) except the gaps listed in GAPS, each with the flags it must
raise. Subdistricts (街道) get no record: they have no people's congress.
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from congress import divisions
from congress.models import (
    County,
    Deputy,
    DeputyStatus,
    DeputyStatusChange,
    Gender,
    Membership,
    OccupationGroup,
    PresidiumMember,
    PresidiumRole,
    Role,
    Term,
    Township,
)
from congress.numerals import chinese_number, session_name
from congress.profiles import profile_for, reply_due_on
from congress.services import county_load
from sessions import documents
from sessions import models as s

DEMO_COUNTY_CODE = "410422"  # 河南省平顶山市叶县: 9 镇, 5 乡, 1 民族乡 (马庄回族乡), 3 街道
DEMO_PASSWORD = "demo-2026!"
HISTORY_YEARS = 5
SEED = "township-congress-demo"
CHANGE_REASON = "演示数据"

# The change of term: first sessions of the 18th term in January 2022, every five years.
ROUND_YEAR = 2022
ROUND_ORDINAL = 18
TERM_YEARS = 5

# The demo accounts, besides township staff zhen01, zhen02, … (one for every two townships).
SUPERUSER = "admin"
COUNTY_STAFF = "county"
COUNTY_ADMIN = "countyadmin"
TOWNSHIP_STAFF_PREFIX = "zhen"


@dataclass(frozen=True)
class Gap:
    """A deliberate gap in the demo record and every flag it raises in its township-year."""

    key: str
    township_code: str
    years_ago: int  # 0: the year in progress; 1 … HISTORY_YEARS: the closed years before it
    rules: tuple[str, ...]
    description: str


GAPS: tuple[Gap, ...] = (
    Gap(
        "skipped-year",
        "410422210",  # 邓李乡
        3,
        (
            "annual-session-missing",
            "budget-not-approved",
            "final-accounts-not-approved",
            "government-report-not-reviewed",
            "presidium-report-not-heard",
            "no-specific-issue-report",
        ),
        "no session at all that year (so nothing approved or heard at one)",
    ),
    Gap(
        "half-day-session",
        "410422108",  # 辛店镇
        2,
        ("session-too-short",),
        "the mid-year session sat from 10:00 to 15:30 on one day",
    ),
    Gap(
        "resolution-without-majority",
        "410422103",  # 仙台镇
        1,
        ("resolution-majority-not-reached",),
        "the budget resolution recorded adopted with votes for * 2 <= deputies in office",
    ),
    Gap(
        "quorum-failed",
        "410422207",  # 龙泉乡
        4,
        ("quorum-not-met",),
        "the mid-year session lacked a quorum; it was convened again two to three weeks later",
    ),
    Gap(
        "suggestion-replied-late",
        "410422106",  # 廉村镇
        3,
        ("suggestion-reply-overdue",),
        "a suggestion replied to after its due day",
    ),
    Gap(
        "suggestion-unanswered",
        "410422106",  # 廉村镇
        1,
        ("suggestion-reply-overdue",),
        "a suggestion never answered, past its due day",
    ),
    Gap(
        "no-activities",
        "410422204",  # 田庄乡
        4,
        ("few-recess-activities",),
        "no inter-session deputy activity all year",
    ),
    Gap(
        "no-session-this-year",
        "410422109",  # 洪庄杨镇
        0,
        ("annual-session-unscheduled",),
        "no session held this year and none planned",
    ),
)


def gap_year(gap: Gap, current_year: int) -> int:
    year = current_year - gap.years_ago
    if gap.key == "skipped-year" and is_round_year(year):
        # A term's first session is not skipped: take the year before.
        year -= 1
    return year


def expected_flags(today: datetime.date) -> dict[tuple[str, int], set[str]]:
    """(township code, year) → the rule codes the demo record must raise there; any other
    township-year of the demo county must raise none."""
    expected: dict[tuple[str, int], set[str]] = {}
    for gap in GAPS:
        expected.setdefault((gap.township_code, gap_year(gap, today.year)), set()).update(gap.rules)
    return expected


def is_round_year(year: int) -> bool:
    return (year - ROUND_YEAR) % TERM_YEARS == 0


def demo_county() -> County | None:
    return County.objects.filter(code=DEMO_COUNTY_CODE).first()


# --- names and words -----------------------------------------------------------------------

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
    "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙"
    "万段雷钱汤尹黎易常武乔贺赖龚文牛岳翟娄聂"
)
HUI_SURNAMES = "马马马马丁白海沙米穆哈金杨李"
MALE_GIVEN = [
    "建国",
    "建军",
    "建华",
    "国强",
    "国庆",
    "志强",
    "志刚",
    "志勇",
    "海涛",
    "海军",
    "红旗",
    "卫东",
    "卫国",
    "振华",
    "振宇",
    "永强",
    "永刚",
    "德明",
    "德胜",
    "明亮",
    "明辉",
    "春生",
    "东升",
    "新民",
    "学文",
    "文斌",
    "文涛",
    "保国",
    "保全",
    "俊杰",
    "俊峰",
    "伟",
    "刚",
    "勇",
    "军",
    "涛",
    "斌",
    "磊",
    "超",
    "鹏",
    "浩",
    "杰",
    "鑫",
    "亮",
    "强",
    "凯",
    "波",
    "宁",
    "晨阳",
    "子豪",
    "浩然",
    "宇航",
    "天佑",
    "留根",
    "铁柱",
    "满仓",
    "金锁",
    "长青",
    "玉林",
    "广田",
    "书成",
    "自立",
]
FEMALE_GIVEN = [
    "秀英",
    "桂英",
    "秀兰",
    "玉兰",
    "桂兰",
    "凤英",
    "淑珍",
    "丽娟",
    "丽华",
    "红梅",
    "红霞",
    "春梅",
    "翠花",
    "海燕",
    "晓燕",
    "艳芳",
    "艳红",
    "雪梅",
    "慧敏",
    "静怡",
    "梦瑶",
    "雨欣",
    "佳怡",
    "丽",
    "静",
    "敏",
    "燕",
    "芳",
    "娟",
    "霞",
    "婷",
    "洁",
    "颖",
    "琳",
    "莉",
    "萍",
    "玲",
    "倩",
    "蕾",
    "璐",
    "晶",
    "丹",
]
VILLAGE_SUFFIXES = ("庄", "营", "店", "寨", "湾", "岗", "楼", "屯", "桥", "集", "堂", "沟")
# The topics of specific-issue reports, inspections and research, each with what deputies
# found there (the activity's findings read as about its topic).
TOPIC_FINDINGS = {
    "乡村振兴": "部分村产业基础薄弱，村集体经济收入偏低，带动群众增收的项目不多。",
    "农村人居环境整治": "个别村生活垃圾清运不及时，存在积存现象，村内沟渠需要清淤。",
    "高标准农田建设": "项目进度总体符合计划，资金使用规范；部分田间道路和机井尚未完工。",
    "义务教育均衡发展": "部分学校教师结构性缺编，音体美教师不足，农村学校功能教室短缺。",
    "农村养老服务": "村级幸福院运营经费不足，部分设施闲置，留守老人助餐服务覆盖面小。",
    "安全生产": "个别企业安全生产主体责任落实不到位，隐患台账不完整。",
    "耕地保护": "个别村存在在耕地上堆放杂物、违规建房的苗头，巡查发现后已制止。",
    "防汛抗旱": "部分排涝沟渠淤塞，防汛物资储备点的物资需要补充更新。",
    "农村饮水安全": "部分村供水管网老化，用水高峰时段水压不足。",
    "基层医疗卫生服务": "村卫生室设备陈旧，群众看病仍要到乡镇卫生院。",
    "农村道路建设和养护": "部分村道路面破损，需及时修复，养护责任落实不到位。",
    "秸秆禁烧和综合利用": "秸秆收储点偏少，还田机械不足，禁烧主要靠人员值守。",
    "食品安全": "集市上个别摊点无证经营，农村集体聚餐备案制度落实不够。",
    "优化营商环境": "企业反映办事环节仍然偏多，部分涉企审批事项办理时限较长。",
}
SPECIFIC_TOPICS = tuple(TOPIC_FINDINGS)
# The laws whose enforcement deputies check, each with what they found.
LAW_FINDINGS = {
    "《中华人民共和国农产品质量安全法》": "农产品质量安全检测点覆盖不够，部分种植户用药记录不全。",
    "《中华人民共和国食品安全法》": "个别小餐饮店证照不全，从业人员健康证过期。",
    "《中华人民共和国安全生产法》": "个别企业安全培训流于形式，应急预案未按要求演练。",
    "《中华人民共和国土地管理法》": "个别村存在未批先建现象，农村宅基地管理需要加强。",
    "《中华人民共和国义务教育法》": "控辍保学工作总体落实，个别学校课后服务开展不充分。",
    "《中华人民共和国老年人权益保障法》": "高龄津贴发放及时，部分村老年人活动场所不足。",
    "《中华人民共和国水污染防治法》": "部分养殖场粪污处理设施不完善，雨季存在污水外溢风险。",
}
LAWS = tuple(LAW_FINDINGS)
FEEDBACK = (
    "已责成相关站所限期整改，整改情况已向代表反馈。",
    "已纳入下一年度工作计划，并安排专项资金。",
    "已完成整改，代表现场查看后表示认可。",
    "正在协调上级部门争取资金解决。",
)


@dataclass(frozen=True)
class SuggestionTopic:
    """A suggestion's title and text written together: `keyword` stands in both, so the text
    is about what the title says. In the templates {p} is 镇 or 乡, {v}/{w} are villages."""

    keyword: str
    title: str
    category: str
    unit: str  # the handling unit
    finding: str  # what the deputies saw, the text's first sentence


SUGGESTIONS = (
    SuggestionTopic(
        "道路",
        "关于修缮{v}至{w}道路的建议",
        "城乡建设",
        "{p}规划建设办",
        "{v}至{w}的道路建成多年，路面破损、坑洼积水，雨天群众出行和农用车辆通行困难。",
    ),
    SuggestionTopic(
        "农田水利",
        "关于加强{v}农田水利设施建设的建议",
        "农业农村",
        "{p}农业农村办",
        "{v}农田水利设施年久失修，部分灌溉渠道淤塞、机井老化，春灌时用水紧张。",
    ),
    SuggestionTopic(
        "路灯",
        "关于在{v}增设路灯的建议",
        "城乡建设",
        "{p}规划建设办",
        "{v}主要街道和村口没有路灯，群众夜间出行不便，存在安全隐患。",
    ),
    SuggestionTopic(
        "中心学校",
        "关于改善{p}中心学校办学条件的建议",
        "教育卫生",
        "{p}中心学校",
        "{p}中心学校校舍老旧，功能教室不足，音体美教师短缺。",
    ),
    SuggestionTopic(
        "养老",
        "关于加强农村养老服务的建议",
        "社会保障",
        "{p}社会事务办",
        "农村留守老人增多，村级养老服务设施少，日间照料和助餐服务难以满足需求。",
    ),
    SuggestionTopic(
        "集贸市场",
        "关于规范{p}集贸市场管理的建议",
        "经济发展",
        "{p}市场监管所",
        "{p}集贸市场逢集时摊位占道经营、车辆乱停，交通拥堵，卫生状况较差。",
    ),
    SuggestionTopic(
        "饮水",
        "关于加快{v}安全饮水工程建设的建议",
        "农业农村",
        "{p}农业农村办",
        "{v}供水管网老化，夏季用水高峰水压不足，部分农户饮水仍靠自备井。",
    ),
    SuggestionTopic(
        "秸秆",
        "关于加强秸秆综合利用的建议",
        "生态环境",
        "{p}生态环境办",
        "秸秆收储点少、还田机械不足，夏秋两季秸秆禁烧压力大。",
    ),
    SuggestionTopic(
        "卫生室",
        "关于为村卫生室增配医疗设备的建议",
        "教育卫生",
        "{p}卫生院",
        "村卫生室设备陈旧，缺少基本检查设备，群众看小病也要到{p}卫生院。",
    ),
    SuggestionTopic(
        "坑塘",
        "关于整治{v}坑塘环境的建议",
        "生态环境",
        "{p}生态环境办",
        "{v}村内坑塘常年积存生活垃圾和污水，夏季蚊蝇滋生、气味难闻。",
    ),
    SuggestionTopic(
        "特色种植",
        "关于扶持{v}特色种植产业的建议",
        "农业农村",
        "{p}农业农村办",
        "{v}特色种植已有一定规模，但缺少技术指导和销售渠道，群众增收受限。",
    ),
    SuggestionTopic(
        "垃圾",
        "关于完善农村垃圾收运体系的建议",
        "生态环境",
        "{p}生态环境办",
        "部分村垃圾收集点设置不足，清运不及时，存在垃圾积存现象。",
    ),
    SuggestionTopic(
        "校园",
        "关于加强校园周边交通安全管理的建议",
        "社会治理",
        "{p}综治中心",
        "校园周边在上下学时段车辆拥堵，缺少减速带和交通标志，学生安全存在隐患。",
    ),
    SuggestionTopic(
        "低保",
        "关于提高低保认定精准度的建议",
        "社会保障",
        "{p}社会事务办",
        "群众反映个别低保对象家庭情况已经变化，低保动态调整不及时。",
    ),
    SuggestionTopic(
        "文化广场",
        "关于在{v}建设文化广场的建议",
        "文化体育",
        "{p}综合文化站",
        "{v}人口较多，缺少文化广场等群众活动场所，文艺演出只能在路边进行。",
    ),
    SuggestionTopic(
        "土地流转",
        "关于及时拨付{v}土地流转补贴的建议",
        "农业农村",
        "{p}财政所",
        "{v}土地流转补贴发放滞后，部分流转农户反映未按期领到补贴。",
    ),
)
MEETING_TOPICS = (
    "研究部署闭会期间代表活动",
    "听取代表建议办理情况汇报",
    "研究代表小组活动计划",
    "讨论主席团年度工作要点",
    "研究代表视察活动安排",
    "听取{p}政府重点工作进展情况通报",
)
VENUES = ("{p}政府三楼会议室", "{p}政府大会议室", "{p}人大代表之家", "{p}党群服务中心会议室")


def person_name(rng: random.Random, gender: str, taken: set[str], hui: bool = False) -> str:
    """A Chinese personal name not in `taken` (which it joins)."""
    while True:
        surname = rng.choice(HUI_SURNAMES if hui else SURNAMES)
        given = rng.choice(MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN)
        name = surname + given
        if name not in taken:
            taken.add(name)
            return name


def _occupations(p: str) -> dict[str, tuple[str, ...]]:
    return {
        OccupationGroup.CADRE: (
            "村党支部书记",
            "村委会主任",
            f"{p}农业服务中心主任",
            "村党支部书记、村委会主任",
        ),
        OccupationGroup.WORKER: ("企业职工", "建筑工人", "供电所职工", "物流公司司机"),
        OccupationGroup.FARMER: ("农民", "种粮大户", "养殖户", "家庭农场主", "农民专业合作社理事长"),
        OccupationGroup.PROFESSIONAL: ("中学教师", "小学校长", "乡村医生", f"{p}卫生院医生", "农技员"),
        OccupationGroup.BUSINESS: ("企业负责人", "个体工商户", "农业公司总经理", "超市经营者"),
        OccupationGroup.OTHER: ("退休干部", "社区工作者", "返乡创业青年"),
    }


GROUP_WEIGHTS = {
    OccupationGroup.FARMER: 34,
    OccupationGroup.CADRE: 18,
    OccupationGroup.WORKER: 12,
    OccupationGroup.PROFESSIONAL: 16,
    OccupationGroup.BUSINESS: 14,
    OccupationGroup.OTHER: 6,
}

# Leaders at the head of a term's roster (index → occupation); the chair, vice-chair, head and
# deputy heads are elected at the term's first session, with a losing candidate for the
# vice-chair and one for the deputy heads.
CHAIR, VICE_CHAIR, HEAD, DEPUTY_HEADS, VICE_CHAIR_RUNNER_UP, DEPUTY_HEAD_RUNNER_UP = 0, 1, 2, (3, 4), 5, 6
LEADERS = 7


# --- what was made ---------------------------------------------------------------------------


@dataclass
class DemoResult:
    county: County
    built: list[str] = field(default_factory=list)  # codes of the townships whose record was built
    counts: Counter[str] = field(default_factory=Counter)  # rows created, by model name
    accounts: list[str] = field(default_factory=list)


# --- the builder -----------------------------------------------------------------------------

ROLL_CALL_SHARE = 0.85  # of the held sessions
FOLLOW_UP_AFTER = datetime.timedelta(days=90)


def _shuffled(rng: random.Random, items: list) -> list:
    return rng.sample(items, len(items))


def _excused(rng: random.Random, serving: list, leading: set[int], absent: set[int], count: int) -> list:
    """`count` deputies excused (请假) among those not absent, the leaders last."""
    return (
        _shuffled(rng, [d for d in serving if id(d) not in leading and id(d) not in absent])
        + _shuffled(rng, [d for d in serving if id(d) in leading and id(d) not in absent])
    )[:count]


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def announcement_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document, one paragraph a line: what sessions.documents accepts as DOCX,
    and what Word or WPS opens."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
            + "</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            # A fixed timestamp: the same record gives the same bytes.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), xml.encode())
    return buffer.getvalue()


class _Record:
    """Unsaved rows of every kind, saved in dependency order by _save()."""

    def __init__(self):
        self.rows: dict[type[models.Model], list[models.Model]] = {}
        self.links: dict[type[models.Model], list[dict[str, models.Model]]] = {}

    def add(self, obj: models.Model) -> models.Model:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj

    def link(self, through: type[models.Model], **fields) -> None:
        self.links.setdefault(through, []).append(fields)


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, hour, minute), timezone.get_default_timezone()
    )


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _in_office(deputies: Iterable[Deputy], day: datetime.date) -> list[Deputy]:
    """Deputy.objects.in_office_on(day), for the unsaved roster."""
    return [d for d in deputies if d.took_office_on <= day and (d.left_on is None or d.left_on > day)]


@dataclass
class _TermPlan:
    term: Term
    deputies: list[Deputy]
    next_ordinal: int
    presidium: list[Deputy]


class _TownshipBuilder:
    def __init__(self, township: Township, today: datetime.date, record: _Record, gaps: dict[str, int]):
        self.township = township
        self.today = today
        self.record = record
        self.gaps = gaps  # gap key → year, for this township's gaps
        self.rng = random.Random(f"{SEED}:{township.code}")
        # Roll calls, follow-up and documents draw from their own stream: they shift none of
        # the draws of the rest of the record (and its deliberate gaps).
        self.paper_rng = random.Random(f"{SEED}:{township.code}:papers")
        self.absent_once: set[int] = set()  # id() of deputies absent without leave once already
        self.p = "镇" if township.kind == divisions.TOWN else "乡"
        self.current_year = today.year
        self.first_year = today.year - HISTORY_YEARS
        self.profile = profile_for(township.county.rule_profile)
        self.villages = self._villages()
        self.terms: list[_TermPlan] = []
        self.sessions: list[s.Session] = []
        self.suggestions: list[s.Suggestion] = []
        self.treasurer = f"{self.p}财政所所长{self._name(Gender.MALE, set())}"

    # names

    def _villages(self) -> list[str]:
        names: list[str] = []
        while len(names) < 10:
            name = f"{self.rng.choice(SURNAMES)}{self.rng.choice(VILLAGE_SUFFIXES)}村"
            if name not in names:
                names.append(name)
        return names

    def _name(self, gender: str, taken: set[str], hui: bool = False) -> str:
        return person_name(self.rng, gender, taken, hui=hui)

    # terms and rosters

    def build(self) -> None:
        self._terms()
        for year in range(self.first_year, self.current_year + 1):
            self._sessions_of(year)
            self._activities_of(year)
        self._presidium_meetings()
        self._handling_reports()
        self._announcement()

    def _announcement(self) -> None:
        """The announcement (公告) of the township's latest held session, as a Word file."""
        held = [x for x in self.sessions if x.status == s.SessionStatus.HELD and x.announced_on]
        if not held:
            return
        session = held[-1]
        name = session_name(session.term.ordinal, session.ordinal, self.township.name)
        title = f"关于召开{name}的公告"
        body = announcement_docx(
            [
                title,
                f"{self.township.name}人民代表大会主席团决定，{name}于{_chinese_date(session.opening_day)}"
                f"在{session.venue}召开。",
                "请各位代表按时出席。因故不能出席的，请会前向主席团书面请假。",
                f"{self.township.name}人民代表大会主席团",
                _chinese_date(session.announced_on),
            ]
        )
        self.record.add(
            s.Document(
                session=session,
                title=title,
                file=ContentFile(body, name="公告.docx"),
                content_type=documents.DOCX.content_type,
                size=len(body),
            )
        )

    def _terms(self) -> None:
        # Rounds whose term is still running on Jan 1 of the first year, up to today.
        first_round = self.first_year - (self.first_year - ROUND_YEAR) % TERM_YEARS
        previous: list[Deputy] = []
        for round_year in range(first_round, self.current_year + 1, TERM_YEARS):
            starts_on = datetime.date(round_year, 1, self.rng.randint(6, 18))
            elected_on = starts_on - datetime.timedelta(days=self.rng.randint(28, 45))
            if elected_on > self.today:
                break
            quota = self.rng.randint(42, 66)
            term = self.record.add(
                Term(
                    township=self.township,
                    ordinal=ROUND_ORDINAL + (round_year - ROUND_YEAR) // TERM_YEARS,
                    elected_on=elected_on,
                    starts_on=starts_on,
                    seat_quota=quota,
                )
            )
            if self.terms:
                # A term runs to the first session of the next (组织法 Art. 9; 代表法 Art. 5).
                self.terms[-1].term.ends_on = starts_on - datetime.timedelta(days=1)
                self._departures(self.terms[-1])
            deputies = self._roster(term, quota, previous)
            before = max(0, self.first_year - round_year)
            presidium = self._presidium(term, deputies)
            self.terms.append(_TermPlan(term, deputies, next_ordinal=1 + 2 * before, presidium=presidium))
            previous = deputies
        if self.terms:
            self._departures(self.terms[-1])

    def _roster(self, term: Term, quota: int, previous: list[Deputy]) -> list[Deputy]:
        p = self.p
        hui_share = 0.45 if "回族" in self.township.name else 0.02
        taken: set[str] = set()
        occupations = _occupations(p)
        leaders = {
            CHAIR: f"{p}党委书记、{p}人大主席",
            VICE_CHAIR: f"{p}人大副主席",
            HEAD: f"{p}党委副书记、{p}长",
            DEPUTY_HEADS[0]: f"{p}党委委员、副{p}长",
            DEPUTY_HEADS[1]: f"副{p}长",
            VICE_CHAIR_RUNNER_UP: f"{p}妇联主席",
            DEPUTY_HEAD_RUNNER_UP: f"{p}农业农村办主任",
        }
        # About a third of the deputies of the previous term are elected again.
        returning = [d for d in previous[LEADERS:] if d.left_on is None and self.rng.random() < 0.35]
        deputies: list[Deputy] = []
        constituencies = max(8, quota // 3)
        for index in range(quota):
            back = returning.pop() if index >= LEADERS and returning else None
            if back is not None and back.name not in taken:
                taken.add(back.name)
                person = {
                    "gender": back.gender,
                    "name": back.name,
                    "ethnicity": back.ethnicity,
                    "birth_year": back.birth_year,
                    "occupation_group": back.occupation_group,
                    "occupation": back.occupation,
                }
            else:
                person = self._new_person(index, taken, hui_share, leaders.get(index), occupations)
            deputies.append(
                self.record.add(
                    Deputy(
                        term=term,
                        **person,
                        constituency=f"第{chinese_number(index % constituencies + 1)}选区",
                        took_office_on=term.starts_on,
                    )
                )
            )
        return deputies

    def _new_person(
        self, index: int, taken: set[str], hui_share: float, leader_post: str | None, occupations: dict
    ) -> dict:
        """A deputy elected for the first time, the `index`-th of the roster: a leader (cadre,
        with the post `leader_post`) or a deputy of any walk of life."""
        female = index in (VICE_CHAIR_RUNNER_UP,) or (index >= LEADERS and self.rng.random() < 0.3)
        gender = Gender.FEMALE if female else Gender.MALE
        hui = self.rng.random() < hui_share
        name = self._name(gender, taken, hui=hui)
        ethnicity = "回族" if hui else "汉族"
        birth_year = self.rng.randint(1965, 1985) if index < LEADERS else self.rng.randint(1960, 1996)
        if leader_post is not None:
            group, occupation = OccupationGroup.CADRE, leader_post
        else:
            group = self.rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
            occupation = self.rng.choice(occupations[group])
            if group in (OccupationGroup.CADRE, OccupationGroup.FARMER):
                occupation = f"{self.rng.choice(self.villages)}{occupation}"
        return {
            "gender": gender,
            "name": name,
            "ethnicity": ethnicity,
            "birth_year": birth_year,
            "occupation_group": group,
            "occupation": occupation,
        }

    def _presidium(self, term: Term, deputies: list[Deputy]) -> list[Deputy]:
        members = [deputies[CHAIR], deputies[VICE_CHAIR]] + self.rng.sample(
            deputies[LEADERS:], self.rng.randint(5, 7)
        )
        roles = [PresidiumRole.CHAIR, PresidiumRole.VICE_CHAIR] + [PresidiumRole.MEMBER] * (len(members) - 2)
        for deputy, role in zip(members, roles, strict=True):
            self.record.add(PresidiumMember(term=term, deputy=deputy, role=role, since=term.starts_on))
        return members

    def _departures(self, plan: _TermPlan) -> None:
        """A few deputies leave during the term: resigned, deceased, moved away."""
        term = plan.term
        start = term.starts_on + datetime.timedelta(days=150)
        end = min(term.ends_on or self.today, self.today) - datetime.timedelta(days=30)
        if end <= start:
            return
        eligible = [d for d in plan.deputies[LEADERS:] if d not in plan.presidium]
        notes = {
            DeputyStatus.RESIGNED: "本人书面提出辞去代表职务，主席团接受辞职",
            DeputyStatus.DECEASED: "因病去世",
            DeputyStatus.MOVED_AWAY: "因工作调动迁出本行政区域",
        }
        for deputy in self.rng.sample(eligible, self.rng.randint(1, 3)):
            status = self.rng.choice(list(notes))
            left_on = _day(self.rng, start, end)
            deputy.status = status
            deputy.left_on = left_on
            self.record.add(
                DeputyStatusChange(deputy=deputy, status=status, effective_on=left_on, note=notes[status])
            )

    def _term_on(self, day: datetime.date) -> _TermPlan | None:
        for plan in reversed(self.terms):
            if plan.term.covers(day):
                return plan
        return None

    # sessions

    def _sessions_of(self, year: int) -> None:
        if self.gaps.get("skipped-year") == year:
            return
        if year == self.current_year and "no-session-this-year" in self.gaps:
            return
        first = next((plan for plan in self.terms if plan.term.starts_on.year == year), None)
        if first is not None:
            early_day = first.term.starts_on
        else:
            early_day = _day(self.rng, datetime.date(year, 2, 20), datetime.date(year, 3, 25))
        self._session(year, early_day, early=True, first=first is not None)
        if year == self.current_year and self.rng.random() < 0.35:
            # The mid-year session is planned for December.
            mid_day = _day(self.rng, datetime.date(year, 12, 8), datetime.date(year, 12, 22))
        else:
            mid_day = _day(self.rng, datetime.date(year, 7, 8), datetime.date(year, 9, 25))
        if self.gaps.get("quorum-failed") == year:
            failed = self._session(year, mid_day, early=False, quorum_fails=True)
            mid_day = failed.opening_day + datetime.timedelta(days=self.rng.randint(14, 21))
            self._session(
                year, mid_day, early=False, announced_on=failed.opening_day + datetime.timedelta(days=1)
            )
        else:
            self._session(year, mid_day, early=False, half_day=self.gaps.get("half-day-session") == year)

    def _session(
        self,
        year: int,
        day: datetime.date,
        *,
        early: bool,
        first: bool = False,
        quorum_fails: bool = False,
        half_day: bool = False,
        announced_on: datetime.date | None = None,
    ) -> s.Session:
        plan = self._term_on(day)
        assert plan is not None, (self.township.code, day)
        n = len(_in_office(plan.deputies, day))
        held = day <= self.today
        announced_on = announced_on or day - datetime.timedelta(days=self.rng.randint(7, 15))
        opens_at, closes_at = self._sitting_hours(
            day, first=first, half_day=half_day, quorum_fails=quorum_fails
        )
        weak_vote = early and self.gaps.get("resolution-without-majority") == year
        present = self._present(n, quorum_fails=quorum_fails, weak_vote=weak_vote)
        if quorum_fails:
            closes_at = None
        session = self.record.add(
            s.Session(
                township=self.township,
                term=plan.term,
                ordinal=plan.next_ordinal,
                kind=s.SessionKind.REGULAR,
                status=s.SessionStatus.HELD if held else s.SessionStatus.PLANNED,
                announced_on=announced_on if announced_on <= self.today else None,
                opens_at=opens_at,
                closes_at=closes_at if held else None,
                venue=self.rng.choice(VENUES).format(p=self.p),
                deputies_in_office=n,
                present=present if held else None,
                excused=self.rng.randint(0, n - present) if held else 0,
                notes="出席代表不足全体代表的三分之二，会议未能举行，主席团决定另行召集。"
                if quorum_fails
                else "",
            )
        )
        plan.next_ordinal += 1
        self.sessions.append(session)
        if held:
            self._roll_call(session, plan)
        if not quorum_fails:
            self._business(session, plan, year, held=held, early=early, first=first, weak_vote=weak_vote)
        return session

    def _sitting_hours(
        self, day: datetime.date, *, first: bool, half_day: bool, quorum_fails: bool
    ) -> tuple[datetime.datetime, datetime.datetime]:
        """Half a day (a deliberate gap), two days (a first session, a quarter of the others), or a
        whole day."""
        two_days = first or (not half_day and not quorum_fails and self.rng.random() < 0.25)
        if half_day:
            return _aware(day, 10), _aware(day, 15, 30)
        if two_days:
            return _aware(day, 8, 30), _aware(day + datetime.timedelta(days=1), 11, 30)
        return _aware(day, 8, 30), _aware(day, self.rng.choice((17, 17, 18)), 0)

    def _present(self, n: int, *, quorum_fails: bool, weak_vote: bool) -> int:
        """Deputies present of `n`: short of a quorum (a deliberate gap), one over it where a
        resolution is to fail for want of a majority of all deputies, or nearly all."""
        if quorum_fails:
            return s.quorum(n) - self.rng.randint(2, 5)
        if weak_vote:
            return s.quorum(n) + 1
        return n - self.rng.randint(0, 5)

    def _business(
        self,
        session: s.Session,
        plan: _TermPlan,
        year: int,
        *,
        held: bool,
        early: bool,
        first: bool,
        weak_vote: bool,
    ) -> None:
        """What a session that met did: its agenda and, once held, its reports, elections and
        suggestions."""
        by_election = held and not early and year == self.first_year + 2 and self.rng.random() < 0.3
        self._agenda(session, year, early=early, first=first, by_election=by_election)
        if held:
            self._reports(session, plan, year, early=early, weak_vote=weak_vote)
            if first:
                self._elections(session, plan)
            if by_election:
                self._by_election(session)
            self._suggestions_at(session, plan, year, early=early)

    def _roll_call(self, session: s.Session, plan: _TermPlan) -> None:
        """Most held sessions have their roll call (点名), matching the recorded counts. A deputy
        is absent without leave at most once a term, as long as others can be: twice would end
        the deputy's status (代表法 Art. 62), which is no deliberate gap of the demo."""
        rng = self.paper_rng
        if rng.random() >= ROLL_CALL_SHARE:
            return
        serving = _in_office(plan.deputies, session.opening_day)
        # The leaders and the presidium report and preside: they are the last to miss a session.
        # (Unsaved deputies cannot be hashed: they are told apart by id().)
        leading = {id(d) for d in plan.deputies[:LEADERS]} | {id(d) for d in plan.presidium}
        absent_count = session.deputies_in_office - session.present - session.excused
        absent = self._absentees(serving, leading, absent_count)
        excused = _excused(rng, serving, leading, {id(d) for d in absent}, session.excused)
        status = {id(d): s.AttendanceStatus.ABSENT for d in absent}
        status |= {id(d): s.AttendanceStatus.EXCUSED for d in excused}
        for deputy in serving:
            self.record.add(
                s.Attendance(
                    session=session, deputy=deputy, status=status.get(id(deputy), s.AttendanceStatus.PRESENT)
                )
            )

    def _absentees(self, serving: list[Deputy], leading: set[int], count: int) -> list[Deputy]:
        """`count` deputies absent without leave: those never absent before first, the leaders last."""
        rng = self.paper_rng
        could_miss = [d for d in serving if id(d) not in leading]
        never_absent = [d for d in could_miss if id(d) not in self.absent_once]
        by_turn = _shuffled(rng, never_absent) + _shuffled(
            rng, [d for d in serving if id(d) in leading or id(d) in self.absent_once]
        )
        absent = by_turn[:count]
        self.absent_once.update(id(d) for d in absent)
        return absent

    def _agenda(self, session: s.Session, year: int, *, early: bool, first: bool, by_election: bool) -> None:
        p = self.p
        if early:
            titles = [
                (s.AgendaKind.REPORT, f"听取和审议{p}人民政府工作报告"),
                (s.AgendaKind.BUDGET, f"审查和批准{year - 1}年财政预算执行情况和{year}年财政预算"),
                (s.AgendaKind.BUDGET, f"审查和批准{year - 1}年财政决算"),
                (s.AgendaKind.REPORT, f"听取和审议{p}人民代表大会主席团工作报告"),
                (s.AgendaKind.REPORT, "听取和审议关于代表建议、批评和意见办理情况的报告"),
            ]
            if first:
                titles += [
                    (s.AgendaKind.ELECTION, f"选举{p}人民代表大会主席、副主席"),
                    (s.AgendaKind.ELECTION, f"选举{p}长、副{p}长"),
                ]
        else:
            titles = [
                (s.AgendaKind.BUDGET, f"听取和审议{year}年上半年财政预算执行情况的报告"),
                (s.AgendaKind.BUDGET, f"审查和批准{year}年财政预算调整方案"),
                (s.AgendaKind.REPORT, f"听取和审议{p}人民政府专项工作报告"),
            ]
            if by_election:
                titles.append((s.AgendaKind.ELECTION, f"补选副{p}长"))
        titles.append((s.AgendaKind.RESOLUTION, "表决有关决议"))
        for position, (kind, title) in enumerate(titles, start=1):
            self.record.add(s.AgendaItem(session=session, position=position, title=title, kind=kind))

    def _reports(
        self, session: s.Session, plan: _TermPlan, year: int, *, early: bool, weak_vote: bool
    ) -> None:
        """The reports a held session heard and the resolutions it adopted: the year's reports
        and budget early in the year, the budget's execution and a specific issue at mid-year."""
        deputies = plan.deputies
        head, chair, deputy_head = deputies[HEAD].name, deputies[CHAIR].name, deputies[DEPUTY_HEADS[0]].name
        if early:
            reports, resolutions = self._early_papers(year, head=head, chair=chair, deputy_head=deputy_head)
        else:
            reports, resolutions = self._mid_year_papers(year, deputy_head=deputy_head)
        for kind, title, presenter, fiscal_year, outcome in reports:
            self.record.add(
                s.Report(
                    session=session,
                    kind=kind,
                    title=title,
                    presenter=presenter,
                    fiscal_year=fiscal_year,
                    outcome=outcome,
                )
            )
        self._resolutions(session, resolutions, weak_vote=weak_vote)

    def _early_papers(self, year: int, *, head: str, chair: str, deputy_head: str) -> tuple[list, list]:
        """The reports (kind, title, presenter, fiscal year, outcome) and resolutions (kind, title,
        follow-up) of the session early in the year."""
        p, treasurer = self.p, self.treasurer
        reports = [
            (
                s.ReportKind.GOVERNMENT_WORK,
                "政府工作报告",
                f"{p}长{head}",
                None,
                s.ReportOutcome.APPROVED,
            ),
            (
                s.ReportKind.BUDGET,
                f"关于{year - 1}年财政预算执行情况和{year}年财政预算（草案）的报告",
                treasurer,
                year,
                s.ReportOutcome.APPROVED,
            ),
            (
                s.ReportKind.FINAL_ACCOUNTS,
                f"{year - 1}年财政决算报告",
                treasurer,
                year - 1,
                s.ReportOutcome.APPROVED,
            ),
            (
                s.ReportKind.PRESIDIUM_WORK,
                "主席团工作报告",
                f"{p}人大主席{chair}",
                None,
                s.ReportOutcome.APPROVED,
            ),
            (
                s.ReportKind.SUGGESTION_HANDLING,
                "关于代表建议、批评和意见办理情况的报告",
                f"副{p}长{deputy_head}",
                None,
                s.ReportOutcome.DELIBERATED,
            ),
        ]
        resolutions = [
            (
                s.ResolutionKind.RESOLUTION,
                f"关于{p}人民政府工作报告的决议",
                f"{p}人民政府按决议分解落实年度重点工作，年中向主席团报告了执行情况。",
            ),
            (
                s.ResolutionKind.RESOLUTION,
                f"关于{year - 1}年财政预算执行情况和{year}年财政预算的决议",
                f"预算已按批准数批复执行，{p}财政所按季度向主席团报告预算执行情况。",
            ),
            (
                s.ResolutionKind.RESOLUTION,
                f"关于批准{year - 1}年财政决算的决议",
                "决算批准后已向社会公开，审计指出的问题已整改完毕。",
            ),
            (
                s.ResolutionKind.RESOLUTION,
                f"关于{p}人民代表大会主席团工作报告的决议",
                "主席团按决议制定年度工作要点，组织代表开展了视察和专题调研。",
            ),
            (
                s.ResolutionKind.DECISION,
                f"关于{year}年民生实事项目的决定",
                f"各项民生实事已明确责任单位和完成时限，{p}政府在年中会议上报告了进展。",
            ),
        ]
        return reports, resolutions

    def _mid_year_papers(self, year: int, *, deputy_head: str) -> tuple[list, list]:
        """The reports and resolutions of the mid-year session."""
        p, treasurer = self.p, self.treasurer
        topic = self.rng.choice(SPECIFIC_TOPICS)
        reports = [
            (
                s.ReportKind.BUDGET_EXECUTION,
                f"关于{year}年上半年财政预算执行情况的报告",
                treasurer,
                year,
                s.ReportOutcome.DELIBERATED,
            ),
            (
                s.ReportKind.BUDGET_ADJUSTMENT,
                f"{year}年财政预算调整方案",
                treasurer,
                year,
                s.ReportOutcome.APPROVED,
            ),
            (
                s.ReportKind.SPECIFIC_ISSUE,
                f"关于{topic}工作情况的专项工作报告",
                f"副{p}长{deputy_head}",
                None,
                s.ReportOutcome.DELIBERATED,
            ),
        ]
        resolutions = [
            (
                s.ResolutionKind.RESOLUTION,
                f"关于批准{year}年财政预算调整方案的决议",
                "调整后的预算已批复各单位执行，主席团在闭会期间跟踪监督了资金使用。",
            )
        ]
        return reports, resolutions

    def _resolutions(self, session: s.Session, resolutions: list, *, weak_vote: bool) -> None:
        """The session's resolutions, adopted by a majority of all deputies — but for the second
        one in the year of the deliberate gap (`weak_vote`)."""
        rng = self.rng
        n, present = session.deputies_in_office, session.present
        for index, (kind, title, follow_up) in enumerate(resolutions):
            at_vote = present - (1 if rng.random() < 0.2 else 0)
            if weak_vote and index == 1:
                # The gap: 「到会代表过半数」 taken for 「全体代表过半数」.
                votes_for = n // 2
                against = rng.randint(3, 6)
                abstain = at_vote - votes_for - against
            else:
                against, abstain = rng.choice((0, 0, 0, 1, 2)), rng.choice((0, 0, 1, 2, 3))
                votes_for = at_vote - against - abstain
                assert s.is_majority_of_all(votes_for, n), (self.township.code, title)
            self.record.add(
                s.Resolution(
                    session=session,
                    title=title,
                    kind=kind,
                    present_at_vote=at_vote,
                    votes_for=votes_for,
                    votes_against=against,
                    votes_abstain=abstain,
                    adopted=True,
                    follow_up=follow_up if self._followed_up(session) else "",
                )
            )

    def _followed_up(self, session: s.Session) -> bool:
        """Most resolutions of a session closed a season ago have their follow-up recorded."""
        closed = session.closes_at is not None and session.closes_at.date() + FOLLOW_UP_AFTER <= self.today
        return closed and self.paper_rng.random() < 0.8

    def _elections(self, session: s.Session, plan: _TermPlan) -> None:
        """The first session of a term elects the chair, a vice-chair, the township head and two
        deputy heads, with lawful margins (组织法 Art. 27)."""
        d = plan.deputies
        ballots = session.present
        rng = self.rng

        def election(office, kind, seats, candidates):
            e = self.record.add(
                s.Election(session=session, office=office, kind=kind, seats=seats, ballots_cast=ballots)
            )
            for deputy, votes, elected in candidates:
                assert not elected or s.is_majority_of_all(votes, session.deputies_in_office)
                self.record.add(
                    s.Candidate(election=e, name=deputy.name, deputy=deputy, votes=votes, elected=elected)
                )

        election(
            s.ElectionOffice.CHAIR,
            s.ElectionKind.UNCONTESTED,
            1,
            [(d[CHAIR], ballots - rng.randint(0, 2), True)],
        )
        loser = min(rng.randint(4, 9), ballots - session.deputies_in_office // 2 - 3)
        election(
            s.ElectionOffice.VICE_CHAIR,
            s.ElectionKind.COMPETITIVE,
            1,
            [
                (d[VICE_CHAIR], ballots - loser - rng.randint(0, 2), True),
                (d[VICE_CHAIR_RUNNER_UP], loser, False),
            ],
        )
        election(
            s.ElectionOffice.HEAD,
            s.ElectionKind.UNCONTESTED,
            1,
            [(d[HEAD], ballots - rng.randint(0, 3), True)],
        )
        election(
            s.ElectionOffice.DEPUTY_HEAD,
            s.ElectionKind.COMPETITIVE,
            2,
            [
                (d[DEPUTY_HEADS[0]], ballots - rng.randint(1, 4), True),
                (d[DEPUTY_HEADS[1]], ballots - rng.randint(3, 7), True),
                (d[DEPUTY_HEAD_RUNNER_UP], rng.randint(6, 12), False),
            ],
        )

    def _by_election(self, session: s.Session) -> None:
        """补选 a deputy head (组织法 Art. 30): one candidate; the margin is not checked."""
        e = self.record.add(
            s.Election(
                session=session,
                office=s.ElectionOffice.DEPUTY_HEAD,
                kind=s.ElectionKind.BY_ELECTION,
                seats=1,
                ballots_cast=session.present,
            )
        )
        self.record.add(
            s.Candidate(
                election=e,
                name=self._name(Gender.MALE, set()),
                votes=session.present - self.rng.randint(0, 3),
                elected=True,
            )
        )

    # suggestions

    def _suggestions_at(self, session: s.Session, plan: _TermPlan, year: int, *, early: bool) -> None:
        rng, day = self.rng, session.opening_day
        serving = _in_office(plan.deputies, day)
        count = rng.randint(5, 10) if early else rng.randint(1, 4)
        late = early and self.gaps.get("suggestion-replied-late") == year
        unanswered = early and self.gaps.get("suggestion-unanswered") == year
        for index in range(count):
            lead = rng.choice(serving)
            topic = rng.choice(SUGGESTIONS)
            v, w = rng.sample(self.villages, 2)
            assigned_on = day + datetime.timedelta(days=rng.randint(6, 20))
            is_complex = rng.random() < 0.15
            suggestion = s.Suggestion(
                township=self.township,
                session=session,
                submitted_on=day,
                lead_deputy=lead,
                title=topic.title.format(p=self.p, v=v, w=w),
                content=f"{lead.name}等代表反映：{topic.finding.format(p=self.p, v=v, w=w)}"
                f"建议{self.p}政府统筹安排、尽快解决。",
                category=topic.category,
                handling_unit=topic.unit.format(p=self.p),
            )
            if assigned_on <= self.today:
                gap = (late or unanswered) and index == 0
                self._assign(suggestion, assigned_on, is_complex, gap=gap, late=late)
            self.record.add(suggestion)
            self.suggestions.append(suggestion)
            for co_signer in rng.sample([d for d in serving if d is not lead], rng.randint(0, 4)):
                self.record.link(s.Suggestion.co_signers.through, suggestion=suggestion, deputy=co_signer)

    def _assign(
        self, suggestion: s.Suggestion, assigned_on: datetime.date, is_complex: bool, *, gap: bool, late: bool
    ) -> None:
        """Assigned to its handling unit, with its due day, and replied to once due (or sooner).
        The `gap` suggestion (a deliberate gap of the year) is simple, and replied to late or
        never."""
        rng = self.rng
        due_on = reply_due_on(assigned_on, is_complex=is_complex, profile=self.profile)
        suggestion.assigned_on, suggestion.is_complex, suggestion.due_on = assigned_on, is_complex, due_on
        if gap:
            suggestion.is_complex = False
            suggestion.due_on = due_on = reply_due_on(assigned_on, is_complex=False, profile=self.profile)
            if late:
                self._reply(suggestion, due_on + datetime.timedelta(days=rng.randint(12, 40)))
        elif due_on < self.today:
            self._reply(suggestion, _day(rng, assigned_on + datetime.timedelta(days=20), due_on))
        elif self.today > assigned_on + datetime.timedelta(days=20) and rng.random() < 0.4:
            self._reply(suggestion, _day(rng, assigned_on + datetime.timedelta(days=20), self.today))

    def _reply(self, suggestion: s.Suggestion, replied_on: datetime.date) -> None:
        rng = self.rng
        suggestion.replied_on = replied_on
        suggestion.outcome = rng.choices(
            [
                s.SuggestionOutcome.SOLVED,
                s.SuggestionOutcome.IN_PROGRESS,
                s.SuggestionOutcome.PLANNED,
                s.SuggestionOutcome.EXPLAINED,
            ],
            weights=[45, 25, 20, 10],
        )[0]
        # A dissatisfied deputy reopens the suggestion (another round): the demo keeps to
        # satisfied and basically satisfied, and some deputies have not answered yet.
        if replied_on + datetime.timedelta(days=30) <= self.today:
            suggestion.satisfaction = rng.choices(
                [s.Satisfaction.SATISFIED, s.Satisfaction.BASICALLY_SATISFIED], weights=[75, 25]
            )[0]

    def _handling_reports(self) -> None:
        """Each replied suggestion is reported on at the next early-year session (组织法 Art. 42)."""
        early = sorted(
            (
                x
                for x in self.sessions
                if x.status == s.SessionStatus.HELD and x.opens_at.month <= 3 and x.present
            ),
            key=lambda x: x.opens_at,
        )
        for suggestion in self.suggestions:
            if suggestion.replied_on is None:
                continue
            later = next((x for x in early if x.opening_day > suggestion.replied_on), None)
            if later is not None and later.closes_at is not None:
                suggestion.handling_report_session = later

    # between sessions

    def _activities_of(self, year: int) -> None:
        if self.gaps.get("no-activities") == year:
            return
        rng = self.rng
        last = min(datetime.date(year, 12, 20), self.today)
        if last < datetime.date(year, 1, 1):
            return
        count = rng.randint(3, 6)
        counted = [k for k in s.ActivityKind if k not in (s.ActivityKind.TRAINING, s.ActivityKind.OTHER)]
        if self.gaps.get("skipped-year") == year:
            # No specific-issue report heard that year, at a session or elsewhere.
            counted.remove(s.ActivityKind.SPECIFIC_ISSUE_HEARING)
        kinds = rng.sample(counted, 2) + rng.choices(counted + [s.ActivityKind.TRAINING], k=count - 2)
        # From February: in a year of the change of term, January belongs to the old term and
        # the new one's first session.
        days = sorted(_day(rng, datetime.date(year, 2, 1), datetime.date(year, 12, 20)) for _ in kinds)
        for kind, day in zip(kinds, days, strict=True):
            if day > last:
                continue
            plan = self._term_on(day)
            if plan is None:
                continue
            title, findings = self._activity_topic(kind)
            activity = s.DeputyActivity(
                township=self.township, held_on=day, kind=kind, topic=title, findings=findings
            )
            feedback_on = day + datetime.timedelta(days=rng.randint(15, 45))
            if kind != s.ActivityKind.TRAINING and feedback_on <= self.today and rng.random() < 0.6:
                activity.government_feedback, activity.feedback_on = rng.choice(FEEDBACK), feedback_on
            self.record.add(activity)
            serving = _in_office(plan.deputies, day)
            for deputy in rng.sample(serving, min(len(serving), rng.randint(6, 15))):
                self.record.link(
                    s.DeputyActivity.participants.through, deputyactivity=activity, deputy=deputy
                )

    def _activity_topic(self, kind: str) -> tuple[str, str]:
        """The title of an activity of `kind` and what the deputies found."""
        rng, p = self.rng, self.p
        topic, law = rng.choice(SPECIFIC_TOPICS), rng.choice(LAWS)
        # Every choice is drawn, whatever the kind, so that the demo's sequence stays the same.
        title = {
            s.ActivityKind.INSPECTION: f"视察{topic}工作",
            s.ActivityKind.RESEARCH: f"就{topic}开展专题调研",
            s.ActivityKind.LAW_CHECK: f"开展{law}执法检查",
            s.ActivityKind.SPECIFIC_ISSUE_HEARING: f"听取{p}政府关于{topic}工作情况的专项报告",
            s.ActivityKind.VOTER_CONTACT: rng.choice(
                ("代表进村入户联系选民、听取意见", "代表向原选区选民述职")
            ),
            s.ActivityKind.RECEPTION_DAY: "代表接待日：在人大代表之家接待选民",
            s.ActivityKind.TRAINING: rng.choice(("代表履职能力学习培训", "学习宣传新修改的代表法")),
        }[kind]
        if kind == s.ActivityKind.TRAINING:
            findings = ""
        elif kind == s.ActivityKind.LAW_CHECK:
            findings = LAW_FINDINGS[law]
        elif kind in (s.ActivityKind.VOTER_CONTACT, s.ActivityKind.RECEPTION_DAY):
            findings = f"选民集中反映{topic}方面的问题，代表已整理为意见建议转交{p}政府。"
        else:
            findings = TOPIC_FINDINGS[topic]
        return title, findings

    def _presidium_meetings(self) -> None:
        """The presidium meets to convene each session (on its announcement day) and otherwise
        every one to three months."""
        rng = self.rng
        meetings: dict[datetime.date, str] = {}
        for session in self.sessions:
            if session.announced_on is not None:
                name = session_name(session.term.ordinal, session.ordinal, self.township.name)
                meetings[session.announced_on] = f"研究决定召开{name}的日期和建议议程"
        day = datetime.date(self.first_year, 1, 1) + datetime.timedelta(days=rng.randint(5, 40))
        while day <= self.today:
            if all(abs((day - other).days) > 10 for other in meetings):
                meetings[day] = rng.choice(MEETING_TOPICS).format(p=self.p)
            day += datetime.timedelta(days=rng.randint(30, 90))
        for held_on, topics in sorted(meetings.items()):
            plan = self._term_on(held_on)
            if plan is None:
                continue
            meeting = self.record.add(
                s.PresidiumMeeting(township=self.township, held_on=held_on, topics=topics)
            )
            for member in _in_office(plan.presidium, held_on):
                if rng.random() < 0.9:
                    self.record.link(
                        s.PresidiumMeeting.members_present.through, presidiummeeting=meeting, deputy=member
                    )


# Models in the order they are saved (each after the rows it points to).
SAVE_ORDER: tuple[type[models.Model], ...] = (
    Term,
    Deputy,
    DeputyStatusChange,
    PresidiumMember,
    s.Session,
    s.Attendance,
    s.Document,
    s.AgendaItem,
    s.Report,
    s.Resolution,
    s.Election,
    s.Candidate,
    s.PresidiumMeeting,
    s.DeputyActivity,
    s.Suggestion,
)


def _save(record: _Record, counts: Counter[str]) -> None:
    now = timezone.now()
    assert set(record.rows) <= set(SAVE_ORDER), set(record.rows) - set(SAVE_ORDER)
    for model in SAVE_ORDER:
        rows = record.rows.get(model, [])
        if rows:
            bulk_create_with_history(
                rows, model, batch_size=500, default_change_reason=CHANGE_REASON, default_date=now
            )
            counts[model.__name__] += len(rows)
    for through, links in record.links.items():
        rows = [through(**{f"{name}_id": obj.pk for name, obj in fields.items()}) for fields in links]
        through.objects.bulk_create(rows, batch_size=1000)
        counts[through.__name__] += len(rows)


# --- accounts --------------------------------------------------------------------------------


def staff_accounts(townships: list[Township]) -> dict[str, list[Township]]:
    """Township staff account name → the two townships (the last may have one) it keeps."""
    congress_units = [t for t in townships if t.kind in divisions.CONGRESS_KINDS]
    return {
        f"{TOWNSHIP_STAFF_PREFIX}{number:02d}": congress_units[start : start + 2]
        for number, start in enumerate(range(0, len(congress_units), 2), start=1)
    }


def _accounts(county: County, *, reset_passwords: bool, published_password: bool) -> list[str]:
    # One hash for all: hashing is slow on purpose. Without the published password (a demo
    # loaded with DEBUG off, seed_demo --force) an unusable one: the county administrator sets
    # real passwords, and nothing that can log in is printed or written anywhere.
    password = make_password(DEMO_PASSWORD if published_password else None)
    townships = list(county.townships.order_by("code"))
    # Staff are people: each account has a person's name (the dossier says who printed it); the
    # townships an account keeps are its scope (its membership), not its name.
    names_rng, taken = random.Random(f"{SEED}:accounts"), set()

    def staff() -> dict:
        gender = names_rng.choice((Gender.MALE, Gender.FEMALE))
        return {"is_staff": False, "is_superuser": False, "first_name": person_name(names_rng, gender, taken)}

    wanted: list[tuple[str, dict, str | None, list[Township]]] = [
        (SUPERUSER, {"is_staff": True, "is_superuser": True}, None, []),
        # The county administrator works in the app's own county pages (townships, users, rule
        # profile); the Django admin is the system administrator's tool.
        (COUNTY_ADMIN, staff(), Role.COUNTY_ADMIN, []),
        (COUNTY_STAFF, staff(), Role.COUNTY_STAFF, []),
    ]
    for username, kept in staff_accounts(townships).items():
        wanted.append((username, staff(), Role.TOWNSHIP_STAFF, kept))
    made = []
    for username, flags, role, kept in wanted:
        user = _account(username, flags, password, reset_passwords=reset_passwords)
        if role is not None:
            _scope(user, role, county, kept)
        made.append(username)
    return made


def _account(username: str, flags: dict, password: str, *, reset_passwords: bool):
    """The demo account `username`, made or brought back to `flags`, active, with the demo
    password if it is new (or `reset_passwords`). Saved only if something changed."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={**flags, "password": password}
    )
    changed = [name for name, value in flags.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, flags[name])
    if (created or reset_passwords) and user.password != password:
        user.password = password
        changed.append("password")
    if not user.is_active:
        user.is_active = True
        changed.append("is_active")
    if changed and not created:
        user.save(update_fields=changed)
    return user


def _scope(user, role: str, county: County, townships: list[Township]) -> None:
    """The account's membership: `role` in `county`, keeping `townships`; written only where it differs."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None or (membership.role, membership.county_id) != (role, county.pk):
        membership, _ = Membership.objects.update_or_create(
            user=user, defaults={"role": role, "county": county}
        )
    if {t.pk for t in membership.townships.all()} != {t.pk for t in townships}:
        membership.townships.set(townships)


# --- entry points ----------------------------------------------------------------------------


@transaction.atomic
def demo_build(
    *, today: datetime.date | None = None, reset_passwords: bool = False, published_password: bool = True
) -> DemoResult:
    """Load the demo county (idempotent): its townships from the national statistics, the
    record of every congress township that has none yet, and the demo accounts (new ones with
    DEMO_PASSWORD, or with an unusable password unless `published_password`)."""
    today = today or timezone.localdate()
    county, _kinds = county_load(code=DEMO_COUNTY_CODE, acting_user=None)
    result = DemoResult(county=county)
    townships = list(county.townships.select_related("county").order_by("code"))
    with_record = set(Term.objects.filter(township__county=county).values_list("township_id", flat=True))
    gaps: dict[str, dict[str, int]] = {}
    for gap in GAPS:
        gaps.setdefault(gap.township_code, {})[gap.key] = gap_year(gap, today.year)
    record = _Record()
    for township in townships:
        if township.kind not in divisions.CONGRESS_KINDS or township.pk in with_record:
            continue
        _TownshipBuilder(township, today, record, gaps.get(township.code, {})).build()
        result.built.append(township.code)
    _save(record, result.counts)
    result.accounts = _accounts(
        county, reset_passwords=reset_passwords, published_password=published_password
    )
    return result


# Models whose rows belong to a township, with the lookup from the model to it.
_RECORD_MODELS: tuple[tuple[type[models.Model], str], ...] = (
    (s.Suggestion, "township"),
    (s.DeputyActivity, "township"),
    (s.PresidiumMeeting, "township"),
    (s.Session, "township"),
    (Term, "township"),
)


@transaction.atomic
def demo_delete() -> bool:
    """Delete the demo county: its record, townships, demo accounts and their history.
    Returns False when there was no demo county."""
    county = demo_county()
    if county is None:
        return False
    county_id = county.pk
    township_ids = list(county.townships.values_list("pk", flat=True))
    history_ids = _history_ids(township_ids)
    history_ids[Township] = township_ids
    history_ids[County] = [county_id]
    history_ids[Membership] = list(Membership.objects.filter(county=county).values_list("pk", flat=True))
    staff = list(staff_accounts(list(county.townships.order_by("code"))))
    for document in s.Document.objects.filter(session__township__in=township_ids):
        document.file.delete(save=False)
    # The history of what is deleted is purged below: don't write a "deleted" entry for every
    # row first (that would be most of the time taken).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        get_user_model().objects.filter(
            membership__county=county, username__in=[*staff, COUNTY_STAFF, COUNTY_ADMIN]
        ).delete()
        for model, via in _RECORD_MODELS:
            model.objects.filter(**{f"{via}__in": township_ids}).delete()
        Membership.objects.filter(county=county).delete()
        county.townships.all().delete()
        county.delete()
    for model, ids in history_ids.items():
        for start in range(0, len(ids), 500):
            model.history.model.objects.filter(id__in=ids[start : start + 500]).delete()
    return True


def _history_ids(township_ids: list[int]) -> dict[type[models.Model], list[int]]:
    """The primary keys of the demo county's rows, by model, to purge their history after them."""
    via = {
        Term: "township",
        Deputy: "term__township",
        DeputyStatusChange: "deputy__term__township",
        PresidiumMember: "term__township",
        s.Session: "township",
        s.Attendance: "session__township",
        s.Document: "session__township",
        s.AgendaItem: "session__township",
        s.Report: "session__township",
        s.Resolution: "session__township",
        s.Election: "session__township",
        s.Candidate: "election__session__township",
        s.PresidiumMeeting: "township",
        s.DeputyActivity: "township",
        s.Suggestion: "township",
    }
    return {
        model: list(model.objects.filter(**{f"{lookup}__in": township_ids}).values_list("pk", flat=True))
        for model, lookup in via.items()
    }
