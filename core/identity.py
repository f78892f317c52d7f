"""Whether a text identifies a person by number: a mainland mobile or landline number or a resident ID number,
however it is typed. Apps whose records describe people (care's needs, talks and mentoring notes; later the
students' voice) check every free-text field with it, through `core.forms.NoIdentityMixin`.

The text is normalised first, because people (and anyone testing the check) write numbers in many ways:

- NFKC folds full-width digits and punctuation (１３８－１２３４), circled and mathematical digits and the
  ideographic space to their plain forms; digits of any other script count as digits;
- the Chinese numerals a number is read out in count as digits: 〇 ○ 零 一 幺 二 两 三 … 九 and the financial
  壹 贰 叁 肆 伍 陆 柒 捌 玖 (traditional 貳 參 叄 陸 too). 十 百 千 万 do not: nobody reads a phone number
  or an ID with them, and a date written 二〇二二年十月二十日 must stay a date;
- invisible characters (format characters such as the zero-width space, bidi controls, the soft hyphen;
  combining marks such as a keycap) are dropped;
- digits joined only by separators (spaces of any width, dots, dashes of any kind, slashes, brackets,
  underscores, commas, 、, middle dots, +) form one chain of groups.

A chain is identifying when consecutive groups of it, put together, are exactly a mobile number (1[3-9] and 9
digits, optionally after 86, +86 or 0086), a landline with its area code (0, a 2- or 3-digit area, a 7- or
8-digit number; or 86 instead of the 0), an 18-digit ID (a province, a real birth date; the GB 11643-1999 check
character, or the number written as one — see `is_id_number`) or a 15-digit ID of the first generation (a
province and a real 19xx birth date: no check digit, but it still names the person, and turns into the 18-digit
number by a rule). Taking whole groups, rather than any run of digits, keeps "3 138 1234 5678" identifying and a
long order number or "1、2、3" not.

What is not refused: a landline without its area code (eight digits are as often an amount or 20221020 as a
number), a number disguised with letters (l38…), and a number spread over more than five groups that are not
single digits (a list of counts), unless it is an ID with the right check character. Dates and times are set
aside before phone numbers are looked for, so that 2022-09-01 - 2023-06-30 is not read as the Tacheng number
0901-20230630; an ID holds a birth date, so IDs are looked for in the whole text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_CHINESE_DIGITS = str.maketrans(
    {
        **dict.fromkeys("〇○◯零", "0"),
        **dict.fromkeys("一壹幺", "1"),
        **dict.fromkeys("二贰貳两兩", "2"),
        **dict.fromkeys("三叁參叄", "3"),
        **dict.fromkeys("四肆", "4"),
        **dict.fromkeys("五伍", "5"),
        **dict.fromkeys("六陆陸", "6"),
        **dict.fromkeys("七柒", "7"),
        **dict.fromkeys("八捌", "8"),
        **dict.fromkeys("九玖", "9"),
    }
)

# Characters dropped as invisible: format characters (zero-width space and joiners, bidi controls, the soft
# hyphen, the byte-order mark) and combining marks (a keycap, a line drawn under a digit, variation selectors).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me"})

# What may stand between the digits of one number (after NFKC); any space, dash and bracket too (Unicode
# categories Zs, Pd, Ps, Pe: 【】〔〕「」 as well as ()).
_SEPARATORS = frozenset(".。-−/\\_,、·•・‧+*|~")
_SEPARATOR_CATEGORIES = frozenset({"Zs", "Pd", "Ps", "Pe"})
# Controls that make digits show in the reverse of their stored order (a right-to-left override or embedding).
_REVERSING = frozenset("\u202b\u202e\u2067")

_TOKEN = re.compile(r"[0-9]+|(?<![A-Za-z])[Xx](?![A-Za-z])")

# Dates and times, set aside before phone numbers are looked for (not before IDs, which hold a birth date).
_DATE_OR_TIME = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}\s*(?P<sep>[-./_]|年)\s*(?:0?[1-9]|1[0-2])\s*(?:(?P=sep)|月)\s*"
    r"(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|(?<![0-9])(?:19|20)[0-9]{2}\s*[-./]\s*(?:0?[1-9]|1[0-2])(?![0-9])"
    r"|(?<![0-9])(?:[01]?[0-9]|2[0-3])\s*[:：]\s*[0-5][0-9](?![0-9])"
)

_MOBILE = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
# Area codes are 10, 2x and three digits from 3xx to 9xx; a local number never starts with 0 or 1.
_LANDLINE = re.compile(r"(?:(?:0086|86)0?|0)(?:10|2[0-9]|[3-9][0-9]{2})[2-9][0-9]{6,7}")
_COUNTRY = re.compile(r"^(?:0086|86)0?")
_ID_18 = re.compile(r"(?P<province>[1-8][0-9])[0-9]{4}(?P<birth>(?:19|20)[0-9]{6})[0-9]{3}[0-9X]")
_ID_15 = re.compile(r"(?P<province>[1-8][0-9])[0-9]{4}(?P<birth>[0-9]{6})[0-9]{3}")
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_LONGEST = 18  # no number looked for is longer: a chain's groups are put together up to this many characters
_MOST_GROUPS = 5


@dataclass(frozen=True)
class Found:
    kind: str  # "id", "mobile" or "landline"
    number: str  # as normalised: digits (and an ID's X)

    @property
    def masked(self) -> str:
        """The number with its middle hidden, enough for the writer to find it in what they typed."""
        return self.number[:3] + "*" * (len(self.number) - 7) + self.number[-4:]


def normalise(text: str) -> str:
    """The text with every digit a plain ASCII digit and every invisible character gone (see the module)."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_CHINESE_DIGITS)
    kept = []
    for char in folded:
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            continue
        digit = unicodedata.decimal(char, None) if not char.isascii() else None
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept)


def _is_separator(char: str) -> bool:
    return char in _SEPARATORS or char.isspace() or unicodedata.category(char) in _SEPARATOR_CATEGORIES


def _chains(text: str) -> list[list[str]]:
    """The groups of digits (and a lone X) that only separators join."""
    chains: list[list[str]] = []
    end = None
    for match in _TOKEN.finditer(text):
        between = text[end : match.start()] if end is not None else None
        if between is not None and all(_is_separator(char) for char in between):
            chains[-1].append(match.group())
        else:
            chains.append([match.group()])
        end = match.end()
    return chains


def _candidates(text: str):
    """Every run of consecutive whole groups of a chain put together (up to the longest number looked for), and
    whether it is written the way people write one number: in at most five groups (+86 138 1234 5678 is four,
    320102-1990-01-01-1234 five) or digit by digit. A list of counts such as "13、5、20、22、10、12" is not."""
    for chain in _chains(text):
        for start in range(len(chain)):
            joined = ""
            for count, group in enumerate(chain[start:], start=1):
                joined += group
                if len(joined) > _LONGEST:
                    break
                yield joined.upper(), count <= _MOST_GROUPS or len(joined) == count


def _birth_date(digits: str) -> datetime.date | None:
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def is_id_number(number: str, *, written_as_one: bool = True) -> bool:
    """A resident ID: 18 characters (GB 11643-1999: a province, a real birth date, the check character) or the
    15 digits of the first generation (a province, a real 19xx birth date).

    A wrong check character does not make a number written as one anything but an ID: it is a typing slip or a
    made-up last digit, and the other seventeen still name the person (the issue's own 320102/19900101/1234
    has a wrong one). The check character lets the digits be gathered from any number of groups."""
    if match := _ID_18.fullmatch(number):
        born = _birth_date(match["birth"])
        if int(match["province"]) not in _PROVINCES or born is None or born > timezone.localdate():
            return False
        check = _ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True)) % 11]
        return written_as_one or number[17] == check
    if match := _ID_15.fullmatch(number):
        born = _birth_date("19" + match["birth"])
        return written_as_one and int(match["province"]) in _PROVINCES and born is not None
    return False


def find_identity(text: str) -> Found | None:
    """The first ID number in the text, else the first mobile number, else the first landline; None if none.
    Text with a right-to-left override is read both ways, as its stored digits show reversed on a page."""
    text = text or ""
    found = _find(normalise(text))
    if found is None and any(char in _REVERSING for char in text):
        found = _find(normalise(text)[::-1])
    return found


def _find(plain: str) -> Found | None:
    for number, written_as_one in _candidates(plain):
        if is_id_number(number, written_as_one=written_as_one):
            return Found("id", number)
    phones = [number for number, as_one in _candidates(_DATE_OR_TIME.sub("§", plain)) if as_one and number.isdigit()]
    for number in phones:
        if _MOBILE.fullmatch(number):
            return Found("mobile", number[-11:])
    for number in phones:
        if _LANDLINE.fullmatch(number):
            return Found("landline", _COUNTRY.sub("0", number))
    return None


def identity_problem(text: str) -> str | None:
    """What to remove from `text` and why, in the user's language; None when it identifies nobody by number."""
    found = find_identity(text)
    if found is None:
        return None
    messages = {
        "id": _(
            "Remove the ID number (%(number)s): a record about a person names them only by a code, never by a "
            "number that identifies them."
        ),
        "mobile": _(
            "Remove the mobile number (%(number)s): a record about a person names them only by a code, never by "
            "a number that identifies them."
        ),
        "landline": _(
            "Remove the phone number (%(number)s): a record about a person names them only by a code, never by "
            "a number that identifies them."
        ),
    }
    return messages[found.kind] % {"number": found.masked}


def no_identity(value) -> None:
    """A field validator: refuse a text that holds an ID or a phone number (see `identity_problem`)."""
    problem = identity_problem(str(value) if value is not None else "")
    if problem:
        raise ValidationError(problem, code="identity")
