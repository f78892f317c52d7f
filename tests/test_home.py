from django.urls import reverse


def test_staff_home_is_the_work_overview(plan, as_user):
    page = as_user("staff").get(reverse("home")).content.decode()
    assert "工作概览" in page and "量化目标" in page and "尚未完成的工作要点" in page
    assert "只读" not in page


def test_office_home_is_the_dashboard(plan, as_user):
    response = as_user("office").get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:year", args=[2022])
    assert "二级学院关工委达到“均衡发展”要求的比例" in response.content.decode()


def test_a_secretarys_home_is_their_college(plan, college_a, as_user):
    page = as_user("sec1").get(reverse("home")).content.decode()
    assert "机械技术学院关工委" in page and "工匠精神进课堂" in page
    assert "控制技术学院" not in page


def test_a_secretary_without_this_years_brand_project_is_told(plan, college_b, as_user):
    page = as_user("sec2").get(reverse("home")).content.decode()
    assert "本学院尚未填报本年度“一院一品”项目" in page


def test_a_user_without_a_role_is_told_to_ask_for_one(as_user):
    response = as_user("norole").get(reverse("home"))
    assert response.status_code == 403
    assert "尚未分配平台角色" in response.content.decode()


def test_home_without_a_plan_still_answers(users, as_user):
    assert "尚未导入工作计划" in as_user("staff").get(reverse("home")).content.decode()
    assert as_user("sec1").get(reverse("home")).status_code == 200


def test_login_and_logout_in_chinese(users, client):
    page = client.get(reverse("login")).content.decode()
    assert "登录关工委工作平台" in page
    response = client.post(reverse("login"), {"username": "sec1", "password": "wrong"})
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    response = client.post(reverse("login"), {"username": "sec1", "password": "pw-for-tests-only"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.post(reverse("logout")).status_code == 302
    # Logged out, the root is the public site (publicity), which offers the log-in page.
    home = client.get(reverse("home"))
    assert home.status_code == 200 and reverse("login") in home.content.decode()
