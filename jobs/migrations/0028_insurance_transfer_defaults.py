"""The social-insurance transfer rules of the documents at hand, so that a fresh install has
them: the national measures for the employees' pension (pooled by province) and for medical
insurance (pooled by city), and Jingshan's medical-insurance green channel for returnees."""

from typing import Any

from django.db import migrations

MEDICAL_DOCUMENTS = "居民身份证、转出地出具的《基本医疗保障参保（合）凭证》"
MEDICAL_ONLINE = "国家医保服务平台App"
DEFAULTS = [
    {"scheme": "pension", "from_area_id": None, "to_area_id": None, "returnees_only": False,
     "pooled_by": "province",
     "office": "新就业地社会保险经办机构（先在新就业地参保缴费，再申请转入）",
     "documents": "居民身份证、原参保地出具的《基本养老保险参保缴费凭证》（可在线开具）",
     "takes": "一般45个工作日内办结",
     "online": "国家社会保险公共服务平台（si.12333.gov.cn）或“掌上12333”App",
     "document": "国务院办公厅转发《城镇企业职工基本养老保险关系转移接续暂行办法》（国办发〔2009〕66号）",
     "article": "第八条 参保人员跨省流动就业的转移接续程序"},
    {"scheme": "medical", "from_area_id": None, "to_area_id": None, "returnees_only": False,
     "pooled_by": "city",
     "office": "转入地医疗保障经办机构",
     "documents": MEDICAL_DOCUMENTS,
     "takes": "一般15个工作日内办结",
     "online": MEDICAL_ONLINE,
     "document": "国家医保局 财政部《基本医疗保障关系转移接续暂行办法》（医保发〔2021〕43号）",
     "article": ""},
    {"scheme": "medical", "from_area_id": None, "to_area_id": "420882", "returnees_only": True,
     "pooled_by": "city",
     "office": "京山市医疗保障局经办窗口（外地返乡人员医保绿色通道）",
     "documents": MEDICAL_DOCUMENTS,
     "takes": "当天受理、当天办结",
     "online": MEDICAL_ONLINE,
     "document": "京山市人民政府办公室关于推动以产聚人的实施意见（京政办发〔2023〕23号）",
     "article": "二、23 为外地返乡人员开通医保绿色通道，医保关系转移当天受理、当天办结"},
]  # fmt: skip
KEY = ("scheme", "from_area_id", "to_area_id", "returnees_only")


def load(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("jobs", "InsuranceTransferRule")
    for fields in DEFAULTS:
        Rule.objects.get_or_create(**{k: fields[k] for k in KEY}, defaults=fields)


def unload(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("jobs", "InsuranceTransferRule")
    for fields in DEFAULTS:
        Rule.objects.filter(**{k: fields[k] for k in KEY}).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0027_insurance_transfer_rules")]
    operations = [migrations.RunPython(load, unload)]
