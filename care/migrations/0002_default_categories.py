from django.db import migrations

# The plan's own words for the needs of young students and teachers (section 5): code, name, sensitive, teachers.
DEFAULT_CATEGORIES = [
    ("motivation", "学习动力", False, False),
    ("willpower", "意志力与自制力", False, False),
    ("confidence", "自信心", False, False),
    ("counselling", "心理疏导", True, False),
    ("hardship", "生活困难", True, False),
    ("career", "生涯与就业", False, False),
    ("ideals", "党史与理想信念", False, False),
    ("young-teacher", "青年教师成长", False, True),
    ("party-guidance", "入党指导", False, False),
]


def create(apps, schema_editor):
    NeedCategory = apps.get_model("care", "NeedCategory")
    for order, (code, name, sensitive, for_teachers) in enumerate(DEFAULT_CATEGORIES, start=1):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sensitive": sensitive, "for_teachers": for_teachers, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
