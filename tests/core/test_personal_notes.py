"""Apps that hold personal notes (AppConfig.holds_personal_notes) check every free-text field for ID and phone
numbers: every form of theirs, every admin form, and every text column a person types into. A new field is
checked unless it is added below with the reason it may hold any number."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory

from core import portal
from core.forms import NoIdentityMixin, is_free_text
from core.identity import no_identity

# Text that no person types about a person: (model label, column) -> why it may hold any number.
NOT_TYPED_ABOUT_PEOPLE = {
    ("care.NeedCategory", "name"): "a kind of need, named by staff in the admin",
    ("care.CareYear", "indicator_code"): "the code of an indicator of the scheme, set by staff in the admin",
    ("care.CareEvent", "comment"): "written by the services: an elder's name, a (checked) meeting topic, a grade",
    ("care.SensitiveRead", "what"): "a fixed word for what was read",
    ("care.Pair", "reason"): "the ranking's reasons in words (care.rules.rank)",
    ("talkroom.Thread", "code_hash"): "a keyed hash of the student's code, written by the portal",
    ("talkroom.TalkSettings", "help_lines"): "the public help lines' numbers, kept by staff",
    ("talkroom.TalkSettings", "harm_words"): "words to look for in messages, kept by staff",
    ("talkroom.TalkSettings", "closed_message"): "a notice to every visitor of a closed channel, written by staff",
    ("talkroom.Thread", "contact"): "the student's own way to be reached, by choice: IDs refused (talkroom.forms)",
}
# How many free-text fields each app's forms have at least: the walk proves something only if it finds them.
FEWEST_FIELDS = {"care": 10, "talkroom": 4}
# Text columns typed through a plain form rather than a model form: (model label, column) -> (form, field).
TYPED_IN_PLAIN_FORMS = {
    ("talkroom.Message", "text"): ("talkroom.forms.MessageForm", "text"),
    ("care.Need", "feedback"): ("care.forms.CloseForm", "feedback"),
    ("care.Mentorship", "evaluation"): ("care.forms.EvaluationForm", "evaluation"),
    ("care.CareSession", "return_reason"): ("care.forms.LogReviewForm", "reason"),
    ("care.MentorMeeting", "return_reason"): ("care.forms.LogReviewForm", "reason"),
}


def personal_note_apps():
    return [config for config in portal.portal_apps() if config.holds_personal_notes]


def _import_every_module(config) -> None:
    package = importlib.import_module(config.name)
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def forms_of(config) -> list[type[forms.BaseForm]]:
    _import_every_module(config)
    found = {cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith(f"{config.name}.")}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def checks(form_class, name: str) -> bool:
    return issubclass(form_class, NoIdentityMixin) and form_class.checks_identity(name)


def admin_forms_of(config, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == config.label:
            yield model, model_admin.get_form(request)


def free_text_columns(config):
    formatted = models.SlugField | models.EmailField | models.URLField
    for model in config.get_models():
        for column in model._meta.get_fields():
            text = isinstance(column, models.CharField | models.TextField) and not isinstance(column, formatted)
            if text and not column.choices:
                yield model, column.name


def test_care_holds_personal_notes():
    assert "care" in [config.label for config in personal_note_apps()]


@pytest.mark.parametrize("config", personal_note_apps(), ids=lambda config: config.label)
def test_every_free_text_field_of_every_form_is_checked(config):
    walked, unchecked = 0, []
    for form_class in forms_of(config):
        for name, field in form_class.base_fields.items():
            if is_free_text(field):
                walked += 1
                # A field the form exempts (with its reason, asserted below) is decided, not forgotten.
                if not checks(form_class, name) and name not in getattr(form_class, "identity_exempt", {}):
                    unchecked.append(f"{form_class.__qualname__}.{name}")
        for name, reason in getattr(form_class, "identity_exempt", {}).items():
            assert len(reason) > 10, f"{form_class.__qualname__}.identity_exempt[{name!r}] needs a reason"
    assert walked >= FEWEST_FIELDS.get(config.label, 10)
    assert unchecked == [], "make these forms a core.forms.NoIdentityMixin (or exempt the field with a reason)"


@pytest.mark.parametrize("config", personal_note_apps(), ids=lambda config: config.label)
def test_every_text_column_is_typed_only_through_a_checked_field(config):
    typed = {
        (form_class._meta.model._meta.label, name)
        for form_class in forms_of(config)
        if getattr(getattr(form_class, "_meta", None), "model", None) is not None
        for name, field in form_class.base_fields.items()
        if is_free_text(field) and checks(form_class, name)
    }
    for (label, column), (form_path, field) in TYPED_IN_PLAIN_FORMS.items():
        module, _, name = form_path.rpartition(".")
        if checks(getattr(importlib.import_module(module), name), field):
            typed.add((label, column))
    unchecked = [
        f"{model._meta.label}.{column}"
        for model, column in free_text_columns(config)
        if (model._meta.label, column) not in typed and (model._meta.label, column) not in NOT_TYPED_ABOUT_PEOPLE
    ]
    assert unchecked == []


@pytest.mark.parametrize("config", personal_note_apps(), ids=lambda config: config.label)
def test_admin_forms_type_only_text_that_is_about_no_person(config, users):
    for model, form_class in admin_forms_of(config, users["admin"]):
        for name, field in form_class.base_fields.items():
            if is_free_text(field) and not checks(form_class, name):
                assert (model._meta.label, name) in NOT_TYPED_ABOUT_PEOPLE, f"{model._meta.label}.{name}"


class _Notes(NoIdentityMixin, forms.Form):
    note = forms.CharField(required=False)
    email = forms.EmailField(required=False)
    code = forms.CharField(required=False)
    identity_exempt = {"code": "a code chosen by staff, which may be a number"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


def test_the_mixin_checks_every_free_text_field_even_one_added_in_init_but_not_an_exempt_one():
    form = _Notes({"note": "电话 138 1234 5678", "added_later": "座机(0510)85123456", "code": "13812345678"})
    assert not form.is_valid()
    assert set(form.errors) == {"note", "added_later"}
    assert form.errors["note"][0].startswith("请删去手机号码")
    assert no_identity not in form.fields["email"].validators
    assert _Notes({"note": "2022-10-20 谈心一次"}).is_valid()


def test_another_app_is_not_checked_unless_it_declares_personal_notes():
    assert not apps.get_app_config("region").holds_personal_notes
