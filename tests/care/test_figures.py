"""The care figures: needs by college and category, the median wait, elders engaged, programmes; each linked to
what it counts, and scoped to what the reader may see."""

import datetime

from django.urls import reverse
from django.utils import timezone

from care import figures, services, workflow
from care.demo import load_demo_care
from care.models import Mentorship, Need, Pair, Programme
from colleges.models import CommitteeMember


def need(college, user, category, code):
    return services.post_need(Need(college=college, category=category, person_code=code, description="d"), user)


def test_needs_by_college_and_category_and_the_median_wait(users, college_a, college_b, categories, offer_a):
    a1 = need(college_a, users["sec1"], categories["motivation"], "A1")
    a2 = need(college_a, users["sec1"], categories["motivation"], "A2")
    need(college_b, users["sec2"], categories["career"], "B1")
    for n, days in [(a1, 2), (a2, 6)]:
        pair = services.propose(n, offer_a, users["staff"], n.version)
        services.transition_pair(pair, users["staff"], workflow.CONFIRM, pair.version)
        Need.objects.filter(pk=n.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    year = timezone.localdate().year
    rows = figures.needs_by_college_and_category(Need.objects.filter(year=year))
    assert [(r["college__code"], r["category__name"], r["open"], r["matched"]) for r in rows] == [
        ("aa", "学习动力", 0, 2),
        ("bb", "生涯与就业", 1, 0),
    ]
    assert figures.median_days_to_match(Need.objects.all()) == 4.0


def test_elders_engaged_counts_committee_elders_and_this_years_retirees(users, college_a, categories, offer_a):
    year = timezone.localdate().year
    CommitteeMember.objects.create(college=college_a, name="新退休", elder_kind="teacher", retired_year=year)
    before = figures.elders_engaged(year)
    assert (before["engaged"], before["all"], before["new"], before["new_engaged"]) == (0, 2, 1, 0)
    n = need(college_a, users["sec1"], categories["motivation"], "A1")
    pair = services.propose(n, offer_a, users["sec1"], n.version)
    services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    after = figures.elders_engaged(year)
    assert (after["engaged"], after["share"]) == (1, 50)


def test_programmes_by_kind(users, college_a, offer_a):
    p = services.save_programme(Programme(kind="qinglan", year=2022, title="青蓝"), users["staff"])
    services.add_mentorship(Mentorship(programme=p, offer=offer_a, mentees="王老师", goals="g"), users["staff"])
    rows = figures.programmes_by_kind(Programme.objects.filter(year=2022))
    assert rows[0]["kind"] == "qinglan" and rows[0]["programmes"] == 1 and rows[0]["pairs"] == 1


def test_the_overview_links_each_figure_to_what_it_counts_and_is_scoped(
    users, college_a, college_b, categories, as_user
):
    # Codes no random token (a CSRF token in the page) would contain by chance.
    need(college_a, users["sec1"], categories["motivation"], "甲院-01")
    need(college_b, users["sec2"], categories["career"], "乙院-01")
    year = timezone.localdate().year
    page = as_user("staff").get(reverse("care:overview") + f"?year={year}").content.decode()
    motivation = categories["motivation"].pk
    link = f"{reverse('care:needs')}?year={year}&amp;college={college_a.pk}&amp;category={motivation}&amp;status=open"
    assert link in page
    listed = as_user("staff").get(link.replace("&amp;", "&")).content.decode()
    assert "甲院-01" in listed and "乙院-01" not in listed
    own = as_user("sec1").get(reverse("care:overview") + f"?year={year}").content.decode()
    assert "生涯与就业" not in own.split('id="needs-by-college"')[1]


def test_the_demo_loads_every_state_once(users, college_a, college_b, plan):
    created = load_demo_care(2022)
    assert created == 12 and load_demo_care(2022) == 0
    assert set(Pair.objects.values_list("status", flat=True)) == {"proposed", "active", "closed", "cancelled"}
    assert set(Need.objects.values_list("status", flat=True)) == {"open", "matched", "closed"}
    assert Programme.objects.count() == 2 and Mentorship.objects.exclude(evaluated_at=None).exists()


def test_the_school_dashboard_shows_the_care_figures_through_its_hook(users, college_a, categories, as_user):
    need(college_a, users["sec1"], categories["motivation"], "A1")
    year = timezone.localdate().year
    page = as_user("office").get(reverse("dashboard:year", args=[year])).content.decode()
    care = page.split('id="dashboard-care"')[1]
    assert f'{reverse("care:needs")}?year={year}&amp;status=open">1</a>' in care
    assert "A1" not in care  # counts only


def test_the_annual_summary_carries_the_care_counts(users, college_a, categories):
    import io

    from openpyxl import load_workbook

    from dashboard.exports import build_workbook, pdf_html

    need(college_a, users["sec1"], categories["counselling"], "SECRET-CODE")
    year = timezone.localdate().year
    workbook = load_workbook(io.BytesIO(build_workbook(year)))
    cells = [str(c) for name in workbook.sheetnames for row in workbook[name].iter_rows(values_only=True) for c in row]
    assert "心理疏导" in cells and not any("SECRET" in c for c in cells)
    html = pdf_html(year)
    assert "需求到匹配的中位天数" in html and "SECRET" not in html


def test_the_elders_engaged_figure_opens_the_elders_it_counts(users, college_a, categories, offer_a, offer_b, as_user):
    year = timezone.localdate().year
    n = need(college_a, users["sec1"], categories["motivation"], "A1")
    pair = services.propose(n, offer_a, users["sec1"], n.version)
    services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    page = as_user("staff").get(reverse("care:offers") + f"?engaged={year}").content.decode()
    table = page.split('id="offer-table"')[1]
    assert offer_a.name in table and offer_b.name not in table
    assert (
        f"{reverse('care:offers')}?engaged={year}" in as_user("staff").get(reverse("care:overview")).content.decode()
    )
