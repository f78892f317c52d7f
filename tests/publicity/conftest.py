import pytest
from django.contrib.auth import get_user_model

from activities import services as report_services
from colleges.models import Role
from core.uploads import check_upload

from ..conftest import client_for, make_report, make_user
from ..helpers import photo_upload


@pytest.fixture
def correspondent(users, college_a):
    """College A's publicity correspondent."""
    return make_user("corr1", Role.CORRESPONDENT, college_a)


@pytest.fixture
def approved(users, college_a):
    """College A's approved report with two photos: the first will have consent, the second not."""
    report = make_report(college_a, users["sec1"], title="重阳敬老活动")
    report_services.add_evidence(
        report, users["sec1"], [check_upload(photo_upload("同意.jpg")), check_upload(photo_upload("未同意.jpg"))]
    )
    report.refresh_from_db()
    report = report_services.transition(report, users["sec1"], "submit", "", report.version)
    return report_services.transition(report, users["staff"], "approve", "", report.version)


def photos_of(report):
    return list(report.evidence.order_by("pk"))


@pytest.fixture
def as_correspondent(correspondent):
    return client_for(correspondent)


def staff_user():
    return get_user_model().objects.get(username="staff")
