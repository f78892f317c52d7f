"""Long choices of people and colleges are the one searchable, grouped picker (core.widgets).

The widget draws each group as a fieldset with its legend, every choice a labelled checkbox, and the filter box,
the groups' select all / none and the count for static/js/picker.js; without the script it is the whole list, and
it posts what a plain checkbox list posts. The guard walks every form of the permission matrix on a school grown
past the threshold (more than 30 colleges, member units, committee members, elders and reviewers) and fails on a
multiple choice of more than 30 drawn any other way, and on a select of more than 30 people without groups.
"""

from html.parser import HTMLParser

from django import forms
from django.contrib.auth import get_user_model

from care.models import Offer
from colleges.models import College, CommitteeMember, MemberUnit, Role
from core.widgets import PICKER_THRESHOLD, GroupedModelChoiceIterator, PickerField, SearchablePicker
from region.models import Affiliation, Region
from tests.conftest import client_for, make_user
from tests.core.test_date_inputs import forms_in
from tests.test_permissions import url_cases

PEOPLE = {CommitteeMember, get_user_model(), Offer}


class Grouped(forms.Form):
    people = forms.MultipleChoiceField(
        label="出席",
        choices=[("机械<学院>", [("1", "甲主任"), ("2", "乙老师")]), ("控制学院", [("3", "丙主任")]), ("空", [])],
        widget=SearchablePicker(search_text=lambda value, label: {"1": "jx"}.get(value, "")),
        required=False,
    )


class PickerParts(HTMLParser):
    """The legends, checkboxes (name, value, checked, id), labels (for) and the parts the script shows."""

    def __init__(self):
        super().__init__()
        self.legends, self.boxes, self.labels, self.marks, self._legend = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.marks += [name for name in attrs if name.startswith("data-picker")]
        if tag == "legend":
            self._legend = ""
        elif tag == "input" and attrs.get("type") == "checkbox":
            self.boxes.append((attrs["name"], attrs["value"], "checked" in attrs, attrs["id"]))
        elif tag == "label" and attrs.get("for"):
            self.labels.append(attrs["for"])

    def handle_data(self, data):
        if self._legend is not None:
            self._legend += data

    def handle_endtag(self, tag):
        if tag == "legend":
            self.legends.append(self._legend)
            self._legend = None


def test_the_picker_draws_each_group_as_a_fieldset_and_every_choice_labelled():
    html = str(Grouped({"people": ["2"]})["people"])
    parts = PickerParts()
    parts.feed(html)
    assert parts.legends == ["机械<学院>", "控制学院"]  # escaped in the page, the empty group left out
    assert "机械&lt;学院&gt;" in html
    assert [(name, value, checked) for name, value, checked, _id in parts.boxes] == [
        ("people", "1", False),
        ("people", "2", True),
        ("people", "3", False),
    ]
    assert {box_id for *_rest, box_id in parts.boxes} <= set(parts.labels)
    assert 'data-picker-text="甲主任 jx"' in html  # found by its code too
    assert "<span data-picker-number>1</span>" in html and 'aria-live="polite"' in html
    for part in ("data-picker-filter", "data-picker-all", "data-picker-none", "data-picker-count"):
        assert part in parts.marks
    # The script's parts wait hidden: without it the page is the plain grouped list.
    assert html.count("data-picker-tools hidden") == 3


def test_without_the_script_the_picker_posts_what_a_checkbox_list_posts():
    form = Grouped({"people": ["1", "3"]})
    assert form.is_valid() and form.cleaned_data["people"] == ["1", "3"]
    assert not Grouped({"people": ["9"]}).is_valid()


def test_a_model_picker_groups_rows_and_finds_them_by_their_college(users, college_a, college_b):
    field = PickerField(
        CommitteeMember.objects.select_related("college").order_by("college__order", "name"),
        group_by=lambda member: member.college.name,
        search_text=lambda member: member.college.code,
    )
    groups = [(group, [str(label) for _value, label in choices]) for group, choices in field.choices]
    assert [group for group, _labels in groups] == ["机械技术学院", "控制技术学院"]
    html = field.widget.render("attendees", [], {"id": "id_attendees"})
    assert 'data-picker-text="丙主任（主任） bb"' in html


def test_a_long_single_choice_of_people_is_a_select_grouped_by_college(users, college_a, college_b):
    from care.forms import OfferForm, members_for

    form = OfferForm(members=members_for(None), may_keep_outside=True, elder_users=get_user_model().objects.none())
    html = str(form["member"])
    assert html.startswith("<select") and '<optgroup label="机械技术学院">' in html
    first, second = html.index('<optgroup label="机械技术学院">'), html.index('<optgroup label="控制技术学院">')
    assert first < html.index("甲主任") < second


def choice_count(field) -> int:
    if isinstance(field, forms.ModelChoiceField):
        return field.queryset.count()
    return sum(len(group) if isinstance(group, list | tuple) else 1 for _value, group in field.choices)


def grow_the_school():
    """More than 30 of everything a person picks among: colleges with a member each (and an elder's offer), member
    units, and reviewers of the next year's region."""
    size = PICKER_THRESHOLD + 1
    for number in range(size):
        college = College.objects.create(code=f"x{number:02d}", name=f"第{number}学院", short_name=f"第{number}")
        member = CommitteeMember.objects.create(college=college, name=f"委员{number}")
        Offer.objects.create(member=member, college=college, capacity=2)
        MemberUnit.objects.create(name=f"单位{number}", order=100 + number)
    region = Region.objects.get(year=2023)
    school = region.members.first()
    for number in range(size):
        reviewer = make_user(f"crowd-reviewer{number}", Role.REGION_REVIEWER)
        Affiliation.objects.create(user=reviewer, institution=school)


def test_every_long_choice_of_the_matrix_is_the_picker(plan, users, college_a, report, assessment, export):
    pages = [url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)]
    grow_the_school()
    core = [users[name] for name in ("staff", "sec1", "admin")]
    others = get_user_model().objects.filter(membership__isnull=False).exclude(username__in=users)
    others = others.exclude(username__startswith="crowd-").order_by("pk")
    problems, pickers, opened = [], set(), set()
    for user in [*core, *others]:
        client = client_for(user)
        for page in pages:
            if page in opened:
                continue
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened.add(page)
            for form in forms_in(response):
                for name, field in form.fields.items():
                    many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                    if many and isinstance(field.widget, SearchablePicker):
                        pickers.add((page, name))
                    elif many and choice_count(field) > PICKER_THRESHOLD:
                        problems.append(f"{page}: {name} lists {choice_count(field)} choices without the picker")
                    elif (
                        isinstance(field, forms.ModelChoiceField)
                        and field.queryset.model in PEOPLE
                        and not isinstance(field.widget, forms.HiddenInput)
                        and not isinstance(field.widget.choices, GroupedModelChoiceIterator)
                        and choice_count(field) > PICKER_THRESHOLD
                    ):
                        problems.append(f"{page}: {name} is a select of {choice_count(field)} people without groups")
    assert not problems, "\n".join(sorted(problems))
    # The walk proves something only if it met the pickers: attendance, a notice's and a decision's recipients, a
    # meeting's presence, a review round's panel, a work point's member units.
    names = {name for _page, name in pickers}
    assert {"attendees", "recipients", "follow_up", "colleges_present", "units_present", "panel", "units"} <= names
