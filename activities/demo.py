"""Demo activity reports: about ten per college, in every state, with small generated photos.

The reports go through the same services as the portal's pages (create, evidence check, transitions), so the
demo shows real histories. Never loaded by a migration.
"""

from __future__ import annotations

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from colleges.demo import school_secretaries, school_staff
from colleges.models import College
from core.uploads import check_upload

from . import services
from .models import Action, ActivityKind, ActivityReport, Status

# kind code: (title pattern, place, summary)
STORIES = {
    "lecturer-lecture": (
        "讲师团走进{college}：{topic}",
        "{college}报告厅",
        "校关工委讲师团老同志以“{topic}”为题开展宣讲，结合亲身经历讲述党的故事，引导青年学生坚定理想信念。",
    ),
    "three-into": (
        "党史“三进”进宿舍：{topic}",
        "学生宿舍区活动室",
        "“五老”走进学生宿舍，与同学们围坐交流，讲述“{topic}”，把党史教育送到学生身边。",
    ),
    "read-china": (
        "“读懂中国”活动：{topic}",
        "图书馆研讨室",
        "组织学生参加教育部关工委“读懂中国”活动，访谈老同志，围绕“{topic}”撰写微视频脚本与征文。",
    ),
    "red-tour": (
        "红色之旅：{topic}",
        "无锡革命陈列馆",
        "组织青年学生赴红色教育基地参观学习，老同志现场讲解“{topic}”，培根铸魂。",
    ),
    "talk-room": (
        "“谈心屋”开放日：{topic}",
        "学生发展中心谈心屋",
        "老教师在谈心屋与学生面对面交流，围绕“{topic}”开展个性化疏导，帮助学生解开心结。",
    ),
    "sunshine-house": (
        "“阳光屋”关爱超市：{topic}",
        "阳光屋关爱超市",
        "关爱超市面向家庭经济困难学生开放，结合“{topic}”开展物质帮扶与精神激励相结合的关爱活动。",
    ),
    "mentoring": (
        "青蓝工程结对：{topic}",
        "名师工作室",
        "老教授与青年教师结对，围绕“{topic}”开展听课评课与教学研讨，助力青年教师成长。",
    ),
    "brand-activity": (
        "“一院一品”品牌活动：{topic}",
        "{college}实训中心",
        "围绕本学院“一院一品”特色项目开展“{topic}”活动，提高成效、扩大影响。",
    ),
    "work-meeting": (
        "{college}关工委工作会议：{topic}",
        "{college}会议室",
        "召开学院关工委工作会议，学习传达校关工委工作要点，研究部署“{topic}”。",
    ),
    "publicity": (
        "宣传报道：{topic}",
        "线上",
        "学院宣传通讯员围绕“{topic}”撰写报道，在学校网站和公众号发布，营造关心下一代的良好氛围。",
    ),
    "medal-reading": (
        "《勋章》《筑梦九天》读书征文：{topic}",
        "{college}阅览室",
        "组织学生阅读主题教育读本，老同志指导征文写作，围绕“{topic}”交流读书体会。",
    ),
    "care-help": (
        "关爱帮扶：{topic}",
        "{college}学生事务中心",
        "针对学习动力不足、心理困扰等重点学生，老同志开展“{topic}”一对一帮扶。",
    ),
}
TOPICS = [
    "百年党史中的青春力量",
    "工匠精神与技能报国",
    "迎接党的二十大",
    "从无锡看中国式现代化",
    "老一辈的奋斗故事",
    "信仰的味道",
    "艰苦奋斗的本色",
    "新时代青年的责任与担当",
]
# How the ten reports of a college end up, in order: most approved, every state present.
FATES = [
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.SUBMITTED,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.DRAFT,
    "reopened",
]
KIND_CYCLE = list(STORIES)
PHOTO_COLOURS = [(178, 34, 34), (205, 133, 63), (70, 130, 180), (46, 139, 87), (218, 165, 32), (106, 90, 205)]


def demo_photo(seed: int) -> SimpleUploadedFile:
    """A small generated 'photo': coloured bands and shapes, different for every seed."""
    rng = random.Random(seed)  # noqa: S311 -- demo pictures, not security
    image = Image.new("RGB", (640, 427), rng.choice(PHOTO_COLOURS))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, 560), rng.randrange(0, 340)
        size = rng.randrange(40, 160)
        draw.ellipse((x, y, x + size, y + size * 0.8), fill=rng.choice(PHOTO_COLOURS))
    draw.rectangle((0, 380, 640, 427), fill=(250, 245, 235))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"活动照片{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def load_demo_reports(year: int = 2022, fates: list[str] = FATES) -> int:
    """`fates`: how each college's reports end up, one report each (every state, ten a college, by default)."""
    staff = school_staff()
    if staff is None:
        return 0
    secretaries = school_secretaries()
    kinds = {kind.code: kind for kind in ActivityKind.objects.all()}
    created = 0
    for college_index, college in enumerate(College.objects.active().prefetch_related("members")):
        if ActivityReport.objects.filter(college=college).exists():
            continue
        author = secretaries.get(college.pk, staff)
        elders = [m for m in college.members.all() if m.active and m.elder_kind]
        for n, fate in enumerate(fates):
            seed = college_index * 100 + n
            kind_code = KIND_CYCLE[(college_index + n * 5) % len(KIND_CYCLE)] if n else "lecturer-lecture"
            title, place, summary = STORIES[kind_code]
            topic = TOPICS[seed % len(TOPICS)]
            starts_on = datetime.date(year, 3 + (n * 7 + college_index) % 10, 1 + (seed * 3) % 27)
            report = ActivityReport(
                college=college,
                kind=kinds[kind_code],
                title=title.format(college=college.short_name, topic=topic),
                starts_on=starts_on,
                ends_on=starts_on,
                place=place.format(college=college.name),
                organiser=f"{college.name}关工委",
                student_count=20 + (seed * 7) % 120,
                teacher_count=2 + seed % 9,
                summary=summary.format(topic=topic),
                outcome="学生反响热烈，活动照片与签到表已作为佐证材料上传。" if fate != Status.DRAFT else "",
            )
            report = services.create_report(report, author, elders[n % max(len(elders), 1) :][:2])
            photos = [check_upload(demo_photo(seed * 3 + i)) for i in range(1 + n % 2)]
            services.add_evidence(report, author, photos)
            _play(report, fate, author, staff)
            created += 1
    return created


def _play(report: ActivityReport, fate: str, author, staff) -> None:
    def act(user, action, comment=""):
        current = ActivityReport.objects.get(pk=report.pk)
        services.transition(current, user, action, comment, current.version)

    if fate == Status.DRAFT:
        return
    act(author, Action.SUBMIT)
    if fate == Status.SUBMITTED:
        return
    if fate == Status.RETURNED:
        act(staff, Action.RETURN, "请补充活动签到表，并说明“五老”参与的具体内容。")
        return
    act(staff, Action.APPROVE)
    if fate == "reopened":
        act(staff, Action.REOPEN, "新闻链接失效，请更新后重新提交。")
