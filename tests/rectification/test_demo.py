import io

from django.core.management import call_command

from rectification.models import ItemStatus, RectificationItem
from scoring.models import Assessment, AssessmentStatus
from tests.outputs.workbooks import load_demo


def test_the_2022_demo_rectifies_the_colleges_not_balanced(db):
    load_demo()
    short = set(
        Assessment.objects.filter(scheme__year=2022, status=AssessmentStatus.FINALISED, balanced=False).values_list(
            "college_id", flat=True
        )
    )
    items = RectificationItem.objects.filter(year=2022)
    assert short and set(items.values_list("college_id", flat=True)) == short
    assert items.filter(status=ItemStatus.ACCEPTED).count() == 1
    assert items.filter(status=ItemStatus.IN_PROGRESS, notes__isnull=False).distinct().count() == 1
    count = items.count()
    call_command("load_demo", stdout=io.StringIO())
    assert RectificationItem.objects.filter(year=2022).count() == count
