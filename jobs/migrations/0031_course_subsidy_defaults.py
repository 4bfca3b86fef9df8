"""The two subsidies Jingshan pays an employer for training it runs, now that a completed
course is an occasion: skills training (at most 500 yuan a person) and the new apprenticeship
(at least 5,000 yuan a person a year), each for a course the employer ordered."""

from typing import Any

from django.db import migrations

JINGSHAN = "京山市人民政府办公室关于推动以产聚人的实施意见（京政办发〔2023〕23号）"
EVIDENCE = "营业执照、培训合同或订单、学员名册及结业证明、为学员缴纳社会保险的记录"
HOW = "到就近的人社服务窗口或零工驿站申请，也可在本平台提交申请"
DEFAULTS = [
    {"key": "enterprise-skills-training", "name": "企业技能提升培训补贴", "amount_yuan": 500, "amount_basis": "up_to",
     "article": "二、7 鼓励企业开展技能提升培训，按照每人不超过500元给予企业补贴", "kind": "skills"},
    {"key": "new-apprenticeship", "name": "企业新型学徒制培训补贴", "amount_yuan": 5000,
     "amount_basis": "at_least_per_year", "article": "二、7 鼓励企业开展新型学徒制培训，按照每人每年不低于5000元，给予企业补贴",
     "kind": "apprenticeship"},
]  # fmt: skip


def load(apps: Any, schema_editor: Any) -> None:
    SubsidyPolicy = apps.get_model("jobs", "SubsidyPolicy")
    for d in DEFAULTS:
        fields = {k: v for k, v in d.items() if k != "kind"}
        SubsidyPolicy.objects.get_or_create(key=d["key"], defaults={
            **fields, "document": JINGSHAN, "paid_to": "employer", "occasion": "course", "once_per": "occasion",
            "area_id": "420882", "evidence": EVIDENCE, "how_to_claim": HOW,
            "conditions": [{"fact": "course_kind", "op": "any_of", "value": [d["kind"]]}],
        })  # fmt: skip


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("jobs", "SubsidyPolicy").objects.filter(
        key__in=[d["key"] for d in DEFAULTS], entitlements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0030_training_orders")]
    operations = [migrations.RunPython(load, unload)]
