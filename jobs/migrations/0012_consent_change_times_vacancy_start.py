import datetime

from django.db import migrations, models
from django.db.models import F

# The text every registration so far was made under (the demo county's people name it too).
FIRST_TEXT = """个人信息使用同意书（2025-01 版）

为帮助您找到合适的工作，本县（市）就业服务平台将保存您登记的信息：姓名、身份证号码、手机号码、住址、学历、技能、证书、工作经历、求职意向以及您用自己的话写的介绍。

一、同意岗位匹配：平台用您登记的技能、证书、经历和求职意向为您推荐岗位，也把您推荐给岗位合适的用人单位；推荐时只说明匹配的理由，不显示您的身份证号码和手机号码。性别、年龄、民族和户籍不参与匹配评分。

二、同意单位联系：只有在您申请岗位或接受单位邀请之后，用人单位才能看到您的姓名和联系方式，并通过平台或电话与您联系。

三、您的权利：您可以随时在“我的资料”中撤回以上同意、下载平台保存的您的全部信息，或注销账号。注销后您的身份信息被删除，只保留不能识别您本人的统计数据（地区、学历、就业状态、出生年份）。

四、保护措施：身份证号码和手机号码加密保存，工作人员查看完整号码须有权限并说明用途，每次查看都有记录。"""


def publish_first_text(apps, schema_editor):
    apps.get_model("jobs", "ConsentText").objects.get_or_create(
        version="2025-01", defaults={"text": FIRST_TEXT, "published_on": datetime.date(2025, 1, 1)}
    )


def start_while_valid(apps, schema_editor):
    # Rows written before the rule: a start after the last valid day becomes the first valid day.
    Vacancy = apps.get_model("jobs", "Vacancy")
    Vacancy.objects.filter(start_date__gt=F("valid_until")).update(start_date=F("valid_from"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0011_reveal_of_an_employer"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConsentText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=16, unique=True, verbose_name="version")),
                ("text", models.TextField(verbose_name="text")),
                ("published_on", models.DateField(verbose_name="published on")),
            ],
            options={
                "verbose_name": "consent text",
                "verbose_name_plural": "consent texts",
                "ordering": ["-published_on", "-version"],
            },
        ),
        migrations.AddField(
            model_name="hardtoemployprofile",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.RunPython(publish_first_text, migrations.RunPython.noop),
        migrations.RunPython(start_while_valid, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="vacancy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_date__isnull", True),
                    ("start_date__lte", models.F("valid_until")),
                    _connector="OR",
                ),
                name="vacancy_starts_while_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="employer",
            index=models.Index(fields=["updated_at"], name="jobs_employ_updated_638444_idx"),
        ),
        migrations.AddIndex(
            model_name="hardtoemployprofile",
            index=models.Index(fields=["updated_at"], name="jobs_hardto_updated_6fdf47_idx"),
        ),
        migrations.AddIndex(
            model_name="migrantrecord",
            index=models.Index(fields=["recorded_at"], name="jobs_migran_recorde_29cd8f_idx"),
        ),
    ]
