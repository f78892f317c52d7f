"""core.identity: the ways people (and attackers) write a phone or an ID number into a note are all refused, and
the numbers ordinary notes hold (dates, times, counts, amounts, codes, lists) are not."""

import pytest

from core.identity import find_identity, identity_problem, is_id_number, normalise

ZW = "\u200b"  # zero-width space

# (what the writer meant, the text): each a realistic note, the number written another way.
MOBILE = [
    ("mobile", "学生联系电话13812345678，请勿外传"),
    ("mobile", "手机：138 1234 5678"),
    ("mobile", "家长电话 138-1234-5678 晚上可打"),
    ("mobile", "可拨打138.1234.5678联系本人"),
    ("mobile", "电话(138)1234-5678"),
    ("mobile", "联系方式138/1234/5678"),
    ("mobile", "号码 138_1234_5678"),
    ("mobile", "手机138，1234，5678"),
    ("mobile", "电话138、1234、5678"),
    ("mobile", "号码是 1 3 8 1 2 3 4 5 6 7 8"),
    ("mobile", f"手机1{ZW}3{ZW}8{ZW}1{ZW}2{ZW}3{ZW}4{ZW}5{ZW}6{ZW}7{ZW}8"),
    ("mobile", f"电话138{ZW}1234{ZW}5678"),
    ("mobile", "手机号１３８１２３４５６７８"),
    ("mobile", "手机：１３８－１２３４－５６７８"),
    ("mobile", "手机　138　1234　5678"),  # ideographic spaces
    ("mobile", "电话 138–1234–5678"),  # en dashes
    ("mobile", "电话 138—1234—5678"),  # em dashes
    ("mobile", "电话 138‐1234‐5678"),  # Unicode hyphens
    ("mobile", "电话 138−1234−5678"),  # minus signs
    ("mobile", "电话 138~1234~5678"),
    ("mobile", "她的手机一三八一二三四五六七八"),
    ("mobile", "电话一三九〇五一〇一二三四"),
    ("mobile", "电话一三九零五一零一二三四"),
    ("mobile", "手机壹叁捌壹贰叁肆伍陆柒捌"),
    ("mobile", "手机幺三八幺二三四五六七八"),
    ("mobile", "手机一三八 一二三四 五六七八"),
    ("mobile", "手机138一二三四5678"),
    ("mobile", "电话 +86 138 1234 5678"),
    ("mobile", "电话+8613812345678"),
    ("mobile", "电话 0086-138-1234-5678"),
    ("mobile", "电话(+86)138-1234-5678"),
    ("mobile", "电话 86-13812345678"),
    ("mobile", "手机138\u00ad1234\u00ad5678"),  # soft hyphens
    ("mobile", "手机\u2060138\u20601234\u20605678"),  # word joiners
    ("mobile", "手机\ufeff13812345678"),  # byte-order mark
    ("mobile", "手机\u202e87654321831\u202c"),  # shown reversed: 13812345678
    ("mobile", "手机①③⑧①②③④⑤⑥⑦⑧"),
    ("mobile", "手机" + "".join(f"{digit}\ufe0f\u20e3" for digit in "13812345678")),  # keycaps
    ("mobile", "手机𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖"),
    ("mobile", "第3组 3 138 1234 5678"),
    ("mobile", "电话 1381234 5678"),
    ("mobile", "电话 138 123 45678"),
    ("mobile", "电话\n138\n1234\n5678"),
    ("mobile", "电话 138 / 1234 / 5678"),
    ("mobile", "电话【138】1234-5678"),
    ("mobile", "电话138。1234。5678"),
    ("mobile", "辅导员电话 15961234567"),
    ("mobile", "新号码 187 5210 9876"),
    ("mobile", "17712345678（微信同号）"),
    ("mobile", "199-0510-1234 找她"),
    ("mobile", "166 1234 5678"),
    ("mobile", "147.1234.5678"),
]

LANDLINE = [
    ("landline", "家里电话0510-85123456"),
    ("landline", "办公室 0510-8512-3456"),
    ("landline", "座机(0510)85123456"),
    ("landline", "座机（0510）85123456"),
    ("landline", "宿舍电话 0510 8512 3456"),
    ("landline", "0510.8512.3456 白天有人"),
    ("landline", "北京家里 010-62751234"),
    ("landline", "上海 021 6123 4567"),
    ("landline", "电话 +86 510 8512 3456"),
    ("landline", "电话 0086-21-61234567"),
    ("landline", "电话 +86 (0)510 85123456"),
    ("landline", "家里电话 0519-86881234"),
    ("landline", "座机〇五一〇八五一二三四五六"),
    ("landline", "座机零五一零-八五一二三四五六"),
    ("landline", "座机０５１０－８５１２３４５６"),
    ("landline", "镇江 0511-8512345"),
    ("landline", f"座机0510{ZW}85123456"),
    ("landline", "南京 025/8331/2345"),
    ("landline", "电话 0510—85123456"),
    ("landline", "座机 0510_85123456"),
]

ID = [
    ("id", "身份证号 320102199001011232"),
    ("id", "身份证11010519491231002X"),
    ("id", "身份证11010519491231002x"),
    ("id", "证件号 320102 19900101 1232"),
    ("id", "证件号 320102/19900101/1234"),  # the issue's try: a wrong check digit, still an ID
    ("id", "证件号 320102-1990-01-01-1232"),
    ("id", "证件号 3201 0219 9001 0112 32"),
    ("id", "证件号 320102.19900101.1232"),
    ("id", "身份证３２０１０２１９９００１０１１２３２"),
    ("id", "身份证三二〇一〇二一九九〇〇一〇一一二三二"),
    ("id", "身份证叁贰零壹零贰壹玖玖零零壹零壹壹贰叁贰"),
    ("id", f"身份证3201{ZW}0219{ZW}9001{ZW}0112{ZW}32"),
    ("id", "身份证 440304 1985 0615 3216"),
    ("id", "身份证 4 4 0 3 0 4 1 9 8 5 0 6 1 5 3 2 1 6"),
    ("id", "老身份证 320102900101123"),
    ("id", "老身份证 320102 900101 123"),
    ("id", "学生身份证510107200309082347"),
    ("id", "身份证330106200505050019，已核对"),
    ("id", "身份证 11010519491231002 X"),
    ("id", "证件 320582_19651120_3453"),
    ("id", "身份证（320204197803125679）"),
    ("id", "身份证 320204 1978 0312 5679"),
    ("id", "身份证 320204—19780312—5679"),
]

IDENTIFYING = MOBILE + LANDLINE + ID

ORDINARY = [
    "2022-10-20 下午谈心一次",
    "2022/10/20、2022.10.20 两次座谈",
    "2022年10月走访宿舍",
    "二〇二二年十月二十日开展活动",
    "2021—2022 学年第一学期",
    "2022-09-01 至 2023-06-30 每月一次",
    "2022-09-01 - 2023-06-30 期间每月一次",
    "2022.09-2023.06-2024.01 三个学期",
    "14:30-16:00 在图书馆",
    "上午 9:00，下午 14:30，晚上 19:30",
    "10 月 20 日 14:30 见面",
    "共 120 人次参加",
    "帮扶经费 ¥1,280.50 元",
    "预算 12,345,678.00 元",
    "学院代码 10299",
    "编号 JX-2022-07",
    "1、2、3 三项任务已完成",
    "各年级人数 13、5、20、22、10、12",
    "3 号楼 205 室",
    "第 3 周周三",
    "85.5 分、90 分、88 分",
    "参考书 ISBN 978-7-04-050312-9",
    "完成率 95%，满意度 4.8/5",
    "一对一帮扶 3 次，累计 12 小时",
    "一二三四五，上山打老虎",
    "订单号 202210201234567890",
    "银行流水号 6222021234567890123",
    "学号后四位 1234",
    "2022级、2023级共 56 人",
    "分机 8512",
    "三三两两来到活动室",
    "第一、二、三组各 8 人",
    "",
]


@pytest.mark.parametrize(("kind", "text"), IDENTIFYING)
def test_every_way_of_writing_an_identifying_number_is_refused(kind, text):
    found = find_identity(text)
    assert found is not None and found.kind == kind
    assert identity_problem(text).startswith("请删去")


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_notes_pass(text):
    assert identity_problem(text) is None


def test_the_table_covers_at_least_the_issues_tries():
    assert len(IDENTIFYING) >= 81 and len(ORDINARY) >= 20
    refused = sum(find_identity(text) is not None for _kind, text in IDENTIFYING)
    assert refused == len(IDENTIFYING)


def test_the_message_says_what_to_remove_and_shows_which_number():
    assert identity_problem("电话138.1234.5678") == (
        "请删去手机号码（138****5678）：关于个人的记录只用代号指称当事人，不写能识别身份的号码。"
    )
    assert identity_problem("身份证 320102199001011232").startswith("请删去身份证号（320***********1232）")
    assert identity_problem("座机 0510-85123456").startswith("请删去电话号码（051*****3456）")


def test_normalise_folds_digits_and_drops_invisible_characters():
    assert normalise("１３８\u200b一二三〇\u00ad零壹") == "138123001"
    assert normalise("十月二十日") == "十月2十日"  # 十 is no digit: a date stays a date


def test_an_id_needs_a_province_a_real_birth_date_and_a_check_digit_when_gathered_from_many_groups():
    assert is_id_number("320102199001011232")
    assert is_id_number("320102199001011234")  # written as one: a slip of the check digit is still an ID
    assert not is_id_number("320102199001011234", written_as_one=False)
    assert is_id_number("320102199001011232", written_as_one=False)
    assert not is_id_number("990102199001011232")  # no province 99
    assert not is_id_number("320102199002301232")  # no 30 February
    assert not is_id_number("320102299001011232")  # born in 2990
    assert not is_id_number("320102901301123")  # a 15-digit number born in month 13


def test_a_long_list_of_single_digits_is_gathered_only_when_it_makes_an_id_with_its_check_digit():
    assert find_identity("4 4 0 3 0 4 1 9 8 5 0 6 1 5 3 2 1 6").kind == "id"
    # Six groups of mixed length: a list, not a number; but an ID with the right check digit is found anyway.
    assert find_identity("13、5、20、22、10、12") is None
    assert find_identity("44、0304、1985、06、15、32、16").kind == "id"
