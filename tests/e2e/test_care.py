"""The care board in a real browser: a need posted (an ID number refused), matched with an elder, confirmed, a talk
logged, the pair closed with its outcome; the month filed as an activity report by the college's counsellor (photo
and submission on the care page), approved, and linked as evidence of the care indicator by the secretary. The
elder sees their pair. Screenshots go to test-artifacts/e2e/."""

import io

import pytest
from PIL import Image

from activities.models import ActivityReport, Status
from care import services
from care.models import CareSession, Need, NeedCategory, Offer, Pair
from colleges.models import CommitteeMember, ElderKind, Role
from scoring import schemes
from scoring.models import IndicatorScore

from ..conftest import PASSWORD, ensure_default_kinds, make_user
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "谈心.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_need_from_posting_to_a_closed_pair_and_its_activity_report(
    plan, users, college_a, college_b, open_page, live_server, photo
):
    ensure_default_kinds()
    services.ensure_default_categories()
    scheme, _ = schemes.load_scheme_file()
    elder = make_user("elder_e2e", Role.ELDER)
    make_user("counsellor_e2e", Role.COUNSELLOR, college_a)
    member = CommitteeMember.objects.filter(college=college_a, elder_kind=ElderKind.TEACHER).first()
    services.save_offer(
        Offer(member=member, campus="zhongqiao", capacity=2, user=elder), users["staff"], NeedCategory.objects.all()
    )
    sec1 = open_page("sec1", PASSWORD)
    staff = open_page("staff", PASSWORD)
    base = live_server.url

    # sec1 posts a need; an ID number in the text is refused with a message, then the corrected need is saved.
    sec1.goto(f"{base}/care/")
    sec1.click("a:has-text('发布需求')")
    sec1.select_option("#id_category", label="学习动力")
    sec1.fill("#id_person_code", "JX-2022-07")
    sec1.select_option("#id_campus", "zhongqiao")
    sec1.fill("#id_description", "学生身份证 320402200001011234，学习动力不足")
    sec1.click("button:has-text('保存')")
    assert "请删去身份证号" in sec1.content() and not Need.objects.exists()
    sec1.fill("#id_description", "大二学生学习动力不足，希望有老教师交流学习方法。")
    sec1.click("button:has-text('保存')")
    need = Need.objects.get()

    # The suggestions name the elder with the reasons; sec1 proposes, then confirms.
    suggestions = sec1.locator("#suggestions").inner_text()
    assert "提供此领域帮扶" in suggestions and "同校区" in suggestions, suggestions
    shot(sec1, "care-01-suggestions")
    sec1.click("button:has-text('提出结对')")
    sec1.click("button:has-text('确认匹配')")
    assert "结对已确认" in sec1.content()
    pair = Pair.objects.get()
    assert pair.status == "active"

    # A talk in May is logged, and the pair closed with its outcome and the student's feedback.
    sec1.click("a:has-text('登记帮扶')")
    sec1.fill("#id_held_on", "2022-05-04")
    sec1.fill("#id_minutes", "60")
    sec1.select_option("#id_kind", "talk")
    sec1.fill("#id_note", "交流学习方法，制定学习计划。")
    sec1.click("button:has-text('保存')")
    assert "帮扶已登记" in sec1.content()
    sec1.click("a:has-text('结案并填写成效')")
    sec1.select_option("#id_outcome", "resolved")
    sec1.fill("#id_feedback", "学生表示很有收获。")
    sec1.click("button:has-text('保存')")
    need.refresh_from_db()
    assert need.status == "closed" and need.feedback == "学生表示很有收获。"
    shot(sec1, "care-02-closed-pair")

    # The elder sees the pair and the talk on their one page.
    elder_page = open_page("elder_e2e", PASSWORD)
    assert elder_page.url.endswith("/care/mine/")
    assert "JX-2022-07" in elder_page.content() and "2022-05-04" in elder_page.content()

    # College A's counsellor files May's care work as an activity report in one step, adds a photo and submits it,
    # all on the care page (counsellors have none of the annual loop's pages: no 403 on the way).
    counsellor = open_page("counsellor_e2e", PASSWORD)
    counsellor.goto(f"{base}/care/month-report/")
    counsellor.fill("#id_month", "2022-05")
    counsellor.click("button:has-text('生成本月报告')")
    report = ActivityReport.objects.get()
    assert report.kind.code == "care-help" and report.status == Status.DRAFT
    assert "请添加照片后提交审核" in counsellor.content() and "无权" not in counsellor.content()
    monthly = report.care_month
    counsellor.set_input_files(f"#photos-{monthly.pk}", str(photo))
    counsellor.click("button:has-text('上传')")
    assert "已添加 1 个文件" in counsellor.content() and "谈心.jpg" in counsellor.content()
    counsellor.click("button:has-text('提交审核')")
    assert "本月报告已提交审核" in counsellor.content()
    shot(counsellor, "care-03-month-submitted")
    staff.goto(f"{base}/reports/review/")
    staff.click(f"a:has-text('{report.title}')")
    staff.locator("button:has-text('审核通过')").click()
    staff.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    # The link to the self-assessment is the secretary's: the counsellor is not offered it.
    counsellor.reload()
    assert counsellor.locator("button:has-text('关联为关爱帮扶指标佐证')").count() == 0

    # sec1 links it as evidence of the care indicator in the self-assessment.
    sec1.goto(f"{base}/care/month-report/")
    sec1.click("button:has-text('关联为关爱帮扶指标佐证')")
    assert "已关联为佐证" in sec1.content()
    shot(sec1, "care-04-linked")
    score = IndicatorScore.objects.get(assessment__college=college_a, assessment__scheme=scheme, indicator__code="D1")
    assert list(score.reports.values_list("pk", flat=True)) == [report.pk]


def test_the_elder_logs_a_talk_on_their_phone_and_the_college_confirms_it(
    plan, users, college_a, open_page, live_server
):
    services.ensure_default_categories()
    elder = make_user("elder_phone", Role.ELDER)
    member = CommitteeMember.objects.filter(college=college_a, elder_kind=ElderKind.TEACHER).first()
    offer = services.save_offer(
        Offer(member=member, campus="zhongqiao", capacity=2, user=elder), users["staff"], NeedCategory.objects.all()
    )
    need = services.post_need(
        Need(college=college_a, category=NeedCategory.objects.get(code="motivation"), person_code="JX-PHONE"),
        users["sec1"],
    )
    pair = services.propose(need, offer, users["sec1"], need.version)
    services.transition_pair(pair, users["sec1"], "confirm", pair.version)

    # The elder, on a phone, logs today's talk from their page: the date is filled in for them.
    phone = open_page("elder_phone", PASSWORD)
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.click("a:has-text('记录一次谈心或帮扶')")
    assert phone.input_value("#id_held_on")
    phone.fill("#id_note", "谈了近期的学习安排。")
    phone.click("button:has-text('保存')")
    assert "学院确认后计入统计" in phone.content() and "待学院确认" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "care-03-elder-logged")

    # The college's secretary is told on the care overview and confirms it; then it counts.
    sec1 = open_page("sec1", PASSWORD)
    sec1.goto(f"{live_server.url}/care/")
    sec1.click("a:has-text('去确认')")
    assert "JX-PHONE" in sec1.content()
    shot(sec1, "care-04-records-to-confirm")
    sec1.click("button:has-text('确认（计入统计）')")
    assert "已确认：该记录已计入关爱帮扶统计" in sec1.content()
    assert CareSession.objects.get().status == "confirmed"
