import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from colleges.models import MemberUnit, Role
from tests.conftest import client_for, make_user


def pdf_upload(name="材料.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def student_affairs(plan):
    """学工: the plan names it responsible for work points 2.2 and 5.2."""
    return MemberUnit.objects.get(name="学工")


@pytest.fixture
def quality_office(plan):
    return MemberUnit.objects.get(name="质控")


@pytest.fixture
def unit1(users, student_affairs):
    """The contact of 学工 (a member unit), with an e-mail address."""
    return make_user("unit1", Role.UNIT_CONTACT, member_unit=student_affairs, email="unit1@example.edu.cn")


@pytest.fixture
def as_unit1(unit1):
    return client_for(unit1)
