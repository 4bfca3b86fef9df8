"""matching.selectors.match_reasons: how a distance is told, when people are placed at their
county's centre."""

from __future__ import annotations

from django.utils.translation import gettext as _

from matching.selectors import match_reasons


def test_a_distance_is_told_as_an_estimate_from_the_county_seat() -> None:
    reasons = match_reasons({"distance_km": 12.3})

    assert reasons == [_("About %(km)s km away (estimated from the county seat)") % {"km": 12.3}]


def test_a_zero_distance_is_told_as_the_same_county_not_as_0_0_km() -> None:
    reasons = match_reasons({"distance_km": 0.0})

    assert reasons == [_("In the same county: the distance is estimated from the county seat")]
    assert not any("0.0" in r for r in reasons)


def test_reasons_lead_with_what_matched_and_then_say_what_is_missing_or_against_it() -> None:
    explanation = {
        "shared_occupation": {"code": "6-30-05-01", "name": "起重装卸机械操作工", "level": 4},
        "shared_skills": ["叉车驾驶"],
        "distance_km": 12.0,
        "offered_wage": [5000, 7000],
        "expected_wage": 6000,
        "missing_skills": ["装卸搬运"],
        "missing_licences": ["叉车司机（N1，场(厂)内专用机动车辆作业）"],
        "refused": ["night_shift"],
    }

    reasons = match_reasons(explanation)

    assert reasons == [
        "同一职业：起重装卸机械操作工",
        "共同技能：叉车驾驶",
        "距离约 12.0 公里（按县城位置估算）",
        "月薪 5000–7000 元；期望 6000 元",
        "岗位要求但未填写的技能：装卸搬运",
        "需要的证书尚未登记：叉车司机（N1，场(厂)内专用机动车辆作业）",
        "含有您说过不想做的：夜班",
    ]


def test_a_shared_group_is_told_as_a_group() -> None:
    minor = {"shared_occupation": {"code": "6-30-05-00", "name": "通用工程机械操作人员", "level": 3}}
    medium = {
        "shared_occupation": {"code": "6-30-00-00", "name": "运输设备和通用工程机械操作人员", "level": 2}
    }

    assert match_reasons(minor) == ["同属一类职业：通用工程机械操作人员"]
    assert match_reasons(medium) == ["工作领域相近：运输设备和通用工程机械操作人员"]
