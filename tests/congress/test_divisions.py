"""The national statistics data: classifying township-level units, and load_divisions."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from congress import divisions
from congress.models import County, RuleProfile, Township

YEXIAN = "410422"  # 河南省平顶山市叶县: 9 镇, 5 乡, 1 民族乡, 3 街道


def test_classifying_every_unit_reproduces_the_counts_in_source_md():
    kinds = Counter(divisions.classify(unit.name) for unit in divisions.townships())

    assert sum(kinds.values()) == 41_352
    assert kinds[divisions.TOWN] == 21_379
    assert kinds[divisions.TOWNSHIP] == 7_165
    assert kinds[divisions.ETHNIC_TOWNSHIP] == 884
    assert kinds[divisions.SUMU] + kinds[divisions.ETHNIC_SUMU] == 154
    assert kinds[divisions.SUBDISTRICT] == 9_112
    assert 2_500 < kinds[divisions.OTHER] < 2_800  # 开发区, 农场, 林场 …: SOURCE.md's "about 2,650"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("叶邑镇", divisions.TOWN),
        ("田庄乡", divisions.TOWNSHIP),
        ("马庄回族乡", divisions.ETHNIC_TOWNSHIP),
        ("巴彦塔拉苏木", divisions.SUMU),
        ("鄂温克族苏木", divisions.ETHNIC_SUMU),
        ("昆阳街道", divisions.SUBDISTRICT),
        ("某某街道办事处", divisions.OTHER),
        ("经济技术开发区", divisions.OTHER),
    ],
)
def test_the_kind_follows_from_the_ending_of_the_name(name, kind):
    assert divisions.classify(name) == kind


@pytest.mark.django_db
def test_load_divisions_creates_the_county_and_its_townships_with_their_kinds():
    out = StringIO()
    with translation.override("en"):
        call_command("load_divisions", county=YEXIAN, stdout=out)

    county = County.objects.get(code=YEXIAN)
    assert (county.name, county.city_name, county.province_name) == ("叶县", "平顶山市", "河南省")
    assert county.rule_profile == RuleProfile.NATIONAL
    townships = Township.objects.filter(county=county)
    assert Counter(townships.values_list("kind", flat=True)) == {
        divisions.TOWN: 9,
        divisions.TOWNSHIP: 5,
        divisions.ETHNIC_TOWNSHIP: 1,
        divisions.SUBDISTRICT: 3,
    }
    assert townships.get(code="410422203").name == "马庄回族乡"
    assert townships.get(code="410422203").kind == divisions.ETHNIC_TOWNSHIP
    assert townships.congress_units().count() == 15
    assert "18 township-level units" in out.getvalue()
    assert "ethnic township: 1" in out.getvalue()
    assert "subdistrict: 3" in out.getvalue()


@pytest.mark.django_db
def test_load_divisions_twice_changes_nothing_and_keeps_what_the_statistics_do_not_hold():
    call_command("load_divisions", county=YEXIAN, stdout=StringIO())
    County.objects.filter(code=YEXIAN).update(rule_profile=RuleProfile.HENAN)
    renamed = Township.objects.get(code="410422101")
    renamed.name = "错误的名字"
    renamed.save()
    rows = (County.objects.count(), Township.objects.count())
    history = (County.history.count(), Township.history.count())

    call_command("load_divisions", county=YEXIAN, stdout=StringIO())

    assert (County.objects.count(), Township.objects.count()) == rows
    assert County.objects.get(code=YEXIAN).rule_profile == RuleProfile.HENAN
    renamed.refresh_from_db()
    assert renamed.name == "任店镇"
    assert renamed.kind == divisions.TOWN
    # Only the corrected township was saved again.
    assert (County.history.count(), Township.history.count()) == (history[0], history[1] + 1)


@pytest.mark.django_db
def test_load_divisions_refuses_an_unknown_county_code():
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="no county-level unit has the code 999999"),
    ):
        call_command("load_divisions", county="999999", stdout=StringIO())
    assert not County.objects.exists()
