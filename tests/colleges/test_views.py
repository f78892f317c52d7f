from django.urls import reverse

from colleges.models import BrandProject, College, CommitteeMember, MemberUnit


def member_form(**overrides):
    data = {
        "name": "丁老师",
        "position": "member",
        "title": "原机械系教师",
        "elder_kind": "teacher",
        "retired_year": "2022",
        "contact": "分机 6199",
        "active": "on",
    }
    return {**data, **overrides}


def test_a_secretary_adds_a_member_to_their_own_college(college_a, as_user):
    response = as_user("sec1").post(reverse("colleges:member_create", args=["aa"]), member_form(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("colleges:detail", args=["aa"])
    assert "成员已添加。" in response.content.decode()
    member = CommitteeMember.objects.get(name="丁老师")
    assert member.college == college_a and member.retired_in(2022)


def test_a_secretary_cannot_add_a_member_to_another_college(college_b, as_user):
    response = as_user("sec1").post(reverse("colleges:member_create", args=["bb"]), member_form())
    assert response.status_code == 404
    assert not CommitteeMember.objects.filter(name="丁老师").exists()


def test_a_member_of_another_college_cannot_be_edited_through_ones_own_address(college_a, college_b, as_user):
    other = CommitteeMember.objects.get(college=college_b)
    url = reverse("colleges:member_edit", args=["aa", other.pk])
    assert as_user("sec1").post(url, member_form(name="篡改")).status_code == 404
    other.refresh_from_db()
    assert other.name == "丙主任"


def test_a_retirement_year_in_the_future_is_refused_in_chinese(college_a, as_user):
    response = as_user("sec1").post(reverse("colleges:member_create", args=["aa"]), member_form(retired_year="2999"))
    assert response.status_code == 200
    assert "请输入 1950 至" in response.content.decode()
    assert not CommitteeMember.objects.filter(name="丁老师").exists()


def test_a_secretary_removes_a_member_after_confirming(college_a, as_user):
    member = CommitteeMember.objects.get(name="乙老师")
    url = reverse("colleges:member_delete", args=["aa", member.pk])
    client = as_user("sec1")
    assert "乙老师" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()


def test_a_secretary_creates_then_edits_the_brand_project(college_a, as_user):
    client = as_user("sec1")
    url = reverse("colleges:brand_edit", args=["aa", 2023])
    data = {"title": "红色工匠讲堂", "summary": "五老进课堂。", "lead": "乙老师", "status": "planning"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "status": "in_progress"}).status_code == 302
    project = BrandProject.objects.get(college=college_a, year=2023)
    assert (project.title, project.status) == ("红色工匠讲堂", "in_progress")
    assert BrandProject.objects.filter(college=college_a).count() == 2


def test_a_brand_project_without_a_title_is_refused(college_a, as_user):
    response = as_user("sec1").post(reverse("colleges:brand_edit", args=["aa", 2023]), {"status": "planning"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not BrandProject.objects.filter(year=2023).exists()


def test_staff_add_a_college_and_a_reserved_code_is_refused(users, as_user):
    client = as_user("staff")
    data = {"name": "国际教育学院", "short_name": "国际", "code": "units", "campus": "taihu", "order": 3}
    response = client.post(reverse("colleges:create"), data)
    assert "该代码为系统保留" in response.content.decode()
    assert client.post(reverse("colleges:create"), {**data, "code": "gj", "active": "on"}).status_code == 302
    assert College.objects.get(code="gj").name == "国际教育学院"


def test_a_duplicate_college_code_is_refused_in_chinese(users, college_a, as_user):
    data = {"name": "另一个学院", "short_name": "另", "code": "aa", "order": 3}
    response = as_user("staff").post(reverse("colleges:create"), data)
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert College.objects.count() == 2


def test_staff_edit_a_member_units_duties(plan, as_user):
    unit = MemberUnit.objects.get(name="工会")
    data = {"name": "工会", "full_name": "校工会", "duties": "组织退休教职工参与关爱活动。", "order": 9}
    assert as_user("staff").post(reverse("colleges:unit_edit", args=[unit.pk]), data).status_code == 302
    unit.refresh_from_db()
    assert unit.duties == "组织退休教职工参与关爱活动。"


def test_college_detail_shows_the_committee_and_its_structure(college_a, as_user):
    page = as_user("office").get(reverse("colleges:detail", args=["aa"])).content.decode()
    assert "乙老师" in page and "常务副主任" in page and "老教师" in page
    assert "工匠精神进课堂" in page
    assert "添加成员" not in page  # the office reads only


def test_college_list_shows_only_the_secretarys_college(college_a, college_b, as_user):
    page = as_user("sec2").get(reverse("colleges:list")).content.decode()
    assert "控制技术学院" in page and "机械技术学院" not in page


def test_two_people_creating_the_same_brand_project_lose_nothing(college_a, as_user, monkeypatch):
    """The second creator gets a message instead of an error, and the first project stays as saved."""
    from colleges.views import BrandProjectEditView

    BrandProject.objects.create(college=college_a, year=2023, title="先保存的项目")
    monkeypatch.setattr(BrandProjectEditView, "get_instance", lambda self: BrandProject(college=college_a, year=2023))
    data = {"title": "后保存的项目", "status": "planning"}
    response = as_user("sec1").post(reverse("colleges:brand_edit", args=["aa", 2023]), data)
    assert response.status_code == 200
    assert "其他用户刚刚创建了本年度的“一院一品”项目" in response.content.decode()
    assert BrandProject.objects.get(college=college_a, year=2023).title == "先保存的项目"
