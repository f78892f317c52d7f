from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from colleges.access import membership_of
from colleges.models import Role
from plans.services import DATA_DIR, load_workplan_file
from publicity.models import NewsItem, NewsPhoto, Nomination, PublicNotice, Talk
from tests.conftest import ensure_default_kinds


def counts():
    return [model.objects.count() for model in (NewsItem, NewsPhoto, PublicNotice, Talk, Nomination)]


def test_the_demo_has_news_in_every_state_a_correspondent_and_is_idempotent(db, client):
    load_workplan_file(DATA_DIR / "workplan_2022.json")
    ensure_default_kinds()
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert set(NewsItem.objects.values_list("status", flat=True)) == {"draft", "submitted", "returned", "published"}
    assert NewsPhoto.objects.filter(consented=True).exists() and NewsPhoto.objects.filter(consented=False).exists()
    assert set(Nomination.objects.values_list("status", flat=True)) == {"proposed", "approved", "declined"}
    corr1 = authenticate(username="corr1", password="gkw-demo-2022")
    assert corr1 is not None and membership_of(corr1).role == Role.CORRESPONDENT
    home = client.get("/").content.decode()
    published = NewsItem.objects.filter(status="published").first()
    assert published.title in home
    assert client.get(reverse("public:awards")).status_code == 200
