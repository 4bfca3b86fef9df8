"""The subsidy policies of the documents at hand, so that a fresh install has them: each names
its document and article; staff change them in the admin."""

from typing import Any

from django.db import migrations

HUANGSHI = "黄石市深化人产城融合发展促进高质量充分就业三年行动方案（送审稿）"
JINGSHAN = "京山市人民政府办公室关于推动以产聚人的实施意见（京政办发〔2023〕23号）"
# Graduates of a college or university (高校毕业生), in the graduation year or within two years.
RECENT_GRADUATE = [{"fact": "years_after_school", "op": "at_most", "value": 2},
                   {"fact": "education", "op": "at_least", "value": 4}]  # fmt: skip
HUANGSHI_AREA, JINGSHAN_AREA = "420200", "420882"
IN_REGISTRY = [{"fact": "in_registry", "op": "is", "value": True}]
HIRE_EVIDENCE = "身份证、劳动合同"
EMPLOYER_EVIDENCE = "营业执照、劳动合同、为其缴纳社会保险的记录"
AT_THE_OFFICE = "到就近的人社服务窗口或零工驿站申请，也可在本平台提交申请"
CERTIFICATE_EVIDENCE = "身份证、职业技能等级证书、本人社会保险缴费记录"


def policy(key: str, name: str, document: str, article: str, paid_to: str, occasion: str,
           amount: int | None, conditions: list[dict[str, Any]], evidence: str,
           basis: str = "once", once_per: str = "person") -> dict[str, Any]:  # fmt: skip
    """A policy for the people of the city or county whose document it is."""
    return {"key": key, "name": name, "document": document, "article": article, "paid_to": paid_to,
            "occasion": occasion, "amount_yuan": amount, "amount_basis": basis, "conditions": conditions,
            "evidence": evidence, "how_to_claim": AT_THE_OFFICE, "once_per": once_per,
            "area_id": HUANGSHI_AREA if document == HUANGSHI else JINGSHAN_AREA}  # fmt: skip


def skill_upgrade(key: str, level: str, amount: int, code: int) -> dict[str, Any]:
    return policy(
        key, f"职工技能提升补贴（{level}）", JINGSHAN,
        "二、7 鼓励企业职工主动提升技能，对符合条件的按初级工1000元、中级工1500元、高级工2000元标准给予职工技能提升补贴",
        "person", "certificate", amount,
        [{"fact": "certificate_level", "op": "any_of", "value": [code]}, {"fact": "employed", "op": "is", "value": True}],
        CERTIFICATE_EVIDENCE,
    )  # fmt: skip


def new_technician(key: str, level: str, amount: int, code: int) -> dict[str, Any]:
    return policy(
        key, f"企业新技师培训补贴（{level}）", JINGSHAN,
        "二、7 鼓励企业开展新技师培训，按高级技师5000元/人、技师3500元/人的标准，给予企业新技师培训补贴",
        "employer", "certificate", amount, [{"fact": "certificate_level", "op": "any_of", "value": [code]}],
        EMPLOYER_EVIDENCE + "、职工的职业技能等级证书",
    )  # fmt: skip


GRADUATES = "二（二）6 对招用毕业年度和离校两年内未就业高校毕业生，给予符合条件的企业一次性扩岗补助、1年期限的社会保险补贴，给予个人一次性就业补贴1000元"
DEFAULTS = [
    policy("graduate-employment", "高校毕业生一次性就业补贴", HUANGSHI, GRADUATES, "person", "hire", 1000,
           RECENT_GRADUATE, HIRE_EVIDENCE + "、毕业证书"),
    policy("graduate-job-expansion", "一次性扩岗补助", HUANGSHI, GRADUATES, "employer", "hire", None,
           RECENT_GRADUATE, EMPLOYER_EVIDENCE + "、毕业生的毕业证书"),
    policy("graduate-social-insurance", "招用高校毕业生社会保险补贴（1年）", HUANGSHI, GRADUATES, "employer", "hire",
           None, RECENT_GRADUATE, EMPLOYER_EVIDENCE + "、毕业生的毕业证书", basis="per_year"),
    # The flexible-employment subsidy: someone of the registry taking gig or part-time work.
    policy("hardship-social-insurance", "就业困难人员灵活就业社会保险补贴", HUANGSHI,
           "二（二）7 加强灵活就业人员扩面参保，动态上调灵活就业社保补贴标准", "person", "hire", None,
           [*IN_REGISTRY, {"fact": "work_type", "op": "any_of", "value": ["gig", "part_time"]}],
           HIRE_EVIDENCE + "、就业困难人员认定证明", once_per="person_employer"),
    policy("hardship-hiring-social-insurance", "吸纳就业困难人员社会保险补贴", HUANGSHI,
           "二（一）2 调整优化稳岗返还、吸纳就业补贴、企业社保补贴等政策", "employer", "hire", None, IN_REGISTRY,
           EMPLOYER_EVIDENCE, once_per="person_employer"),
    # Paid to the organiser (产业联盟运营主体) that posted the shared-employee post, for each placement.
    policy("shared-employee-placement", "共享用工调剂就业创业服务补助", HUANGSHI,
           "二（三）8 对成功开展调剂的，给予产业联盟运营主体1000元/人一次性就业创业服务补助", "employer", "hire", 1000,
           [{"fact": "work_type", "op": "any_of", "value": ["shared"]}], EMPLOYER_EVIDENCE + "、共享用工调剂协议",
           once_per="occasion"),
    skill_upgrade("skill-upgrade-junior", "初级工", 1000, 5),
    skill_upgrade("skill-upgrade-intermediate", "中级工", 1500, 4),
    skill_upgrade("skill-upgrade-senior", "高级工", 2000, 3),
    new_technician("new-technician-senior", "高级技师", 5000, 1),
    new_technician("new-technician", "技师", 3500, 2),
]  # fmt: skip


def load(apps: Any, schema_editor: Any) -> None:
    SubsidyPolicy = apps.get_model("jobs", "SubsidyPolicy")
    for fields in DEFAULTS:
        SubsidyPolicy.objects.get_or_create(key=fields["key"], defaults=fields)


def unload(apps: Any, schema_editor: Any) -> None:
    # Those someone was found eligible for stay: their claims name them.
    apps.get_model("jobs", "SubsidyPolicy").objects.filter(
        key__in=[p["key"] for p in DEFAULTS], entitlements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0025_subsidy_policies")]
    operations = [migrations.RunPython(load, unload)]
