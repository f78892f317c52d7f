"""The long select writes its options itself: values, escaped labels, the chosen one selected, the field's attrs."""

from django import forms

from core.forms import LongSelect


class Choose(forms.Form):
    college = forms.ChoiceField(
        choices=[("", "全部"), ("1", "机械<学院>"), ("2", "管理学院")], required=False, widget=LongSelect
    )


def test_the_chosen_option_is_selected_and_labels_are_escaped():
    html = str(Choose({"college": "2"})["college"])
    assert html.startswith('<select name="college" id="id_college">')
    assert '<option value="1">机械&lt;学院&gt;</option>' in html
    assert '<option value="2" selected>管理学院</option>' in html
    assert '<option value="">全部</option>' in html and html.count(" selected") == 1
