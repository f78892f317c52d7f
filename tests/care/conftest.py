import pytest

from care import services
from care.models import NeedCategory, Offer
from colleges.models import CommitteeMember, ElderKind, Role

from ..conftest import make_user


@pytest.fixture
def categories(db):
    services.ensure_default_categories()
    return {c.code: c for c in NeedCategory.objects.all()}


@pytest.fixture
def counsellor(users, college_a):
    return make_user("counsellor_a", Role.COUNSELLOR, college_a)


@pytest.fixture
def elder_user(users):
    return make_user("elder_a", Role.ELDER)


@pytest.fixture
def offer_a(users, college_a, categories, elder_user):
    """College A's retired teacher offers help in every area, with an elder's account linked."""
    member = CommitteeMember.objects.filter(college=college_a, elder_kind=ElderKind.TEACHER).first()
    offer = services.save_offer(
        Offer(member=member, campus="zhongqiao", capacity=2, user=elder_user), users["staff"], categories.values()
    )
    return offer


@pytest.fixture
def offer_b(users, college_b, categories):
    member = CommitteeMember.objects.create(
        college=college_b, name="丁老师", elder_kind=ElderKind.EXPERT, retired_year=2022
    )
    return services.save_offer(
        Offer(member=member, campus="taihu", capacity=1), users["staff"], [categories["motivation"]]
    )
