"""The default activity kinds, in the plan's own words, each tied to the work point it serves.

Reference data rather than demo data: every installation starts with them and staff edit them in the portal.
"""

from django.db import migrations

# code, name, work point code, target metric
DEFAULT_KINDS = [
    ("red-education", "红色教育", "4.1", ""),
    ("read-china", "“读懂中国”活动", "4.1", ""),
    ("medal-reading", "《勋章》《筑梦九天》读书征文", "4.1", ""),
    ("red-tour", "红色之旅", "4.1", ""),
    ("three-into", "党史“三进”（社团/宿舍/讲堂）", "4.1", ""),
    ("lecturer-lecture", "讲师团宣讲", "4.2", "lecturer_lectures"),
    ("boutique-project", "精品教育项目", "4.3", ""),
    ("care-help", "关爱帮扶（物质/精神）", "5.2", ""),
    ("sunshine-house", "阳光屋", "5.2", ""),
    ("talk-room", "谈心屋", "5.2", ""),
    ("mentoring", "名师工作室/老教授导师制（青蓝工程）", "5.3", ""),
    ("young-marxist", "青马工程/特邀组织员", "5.4", ""),
    ("brand-activity", "一院一品品牌活动", "3.3", ""),
    ("training", "学习培训", "6.1", ""),
    ("research", "调研", "6.2", ""),
    ("work-meeting", "工作会议", "2.4", ""),
    ("publicity", "宣传报道", "6.5", ""),
    ("other", "其他", "", ""),
]


def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for order, (code, name, work_point_code, metric) in enumerate(DEFAULT_KINDS, start=1):
        ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "work_point_code": work_point_code, "metric": metric, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
