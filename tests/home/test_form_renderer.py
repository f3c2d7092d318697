"""Form fields render with Jinja2 where a Jinja2 template exists (home/form_renderer.py), and with
Django templates where only those exist (the Wagtail admin's widgets)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates as DjangoTemplatesRenderer
from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates
from django.template.backends.jinja2 import Jinja2
from django.urls import reverse
from wagtail.admin.widgets import AdminDateInput, SwitchInput

from casework.choices import Category
from home.form_renderer import FormRenderer
from tests.casework.factories import build_organisation


def test_django_widgets_render_with_jinja2():
    template = FormRenderer().get_template("django/forms/widgets/radio.html")

    assert isinstance(template.backend, Jinja2)


def test_widgets_with_only_a_django_template_render_with_django_templates():
    renderer = FormRenderer()

    for _ in range(2):  # the second time from what the first found missing
        template = renderer.get_template(SwitchInput.template_name)
        assert isinstance(template.backend, DjangoTemplates)
    html = AdminDateInput().render("on", None, renderer=renderer)
    assert 'name="on"' in html
    assert "initDateChooser" in html


def test_a_missing_template_is_still_an_error():
    with pytest.raises(TemplateDoesNotExist):
        FormRenderer().get_template("casework/widgets/no_such_widget.html")


class _Sample(forms.Form):
    when = forms.DateField(help_text="The day it happened.")
    how = forms.ChoiceField(choices=[("phone", "Phone"), ("letter", "Letter")], widget=forms.RadioSelect)
    what = forms.MultipleChoiceField(choices=[("a", "A & B"), ("c", "<C>")], widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(widget=forms.Textarea)


def test_the_same_html_as_django_templates_apart_from_white_space():
    def html(renderer):
        form = _Sample(data={"how": "letter", "what": ["c"], "notes": "<script>"}, renderer=renderer)
        # Jinja2 keeps less of the white space between tags, which a browser does not show.
        return " ".join(re.sub(r">\s+<", "><", form.as_div()).split())

    with_jinja2 = html(FormRenderer())
    assert with_jinja2 == html(DjangoTemplatesRenderer())
    assert "&lt;script&gt;" in with_jinja2
    assert 'value="letter" required id="id_how_1" checked' in with_jinja2
    assert "This field is required." in with_jinja2  # the date's error, through the error list's template


@pytest.mark.django_db
def test_the_report_form_renders_no_widget_through_django_templates(client):
    # Django's test client lists every Django template a response rendered: widgets rendered
    # with Jinja2 are not among them. Without the renderer the report form lists about a hundred.
    org = build_organisation()
    client.force_login(org.sali)

    response = client.get(reverse("casework:report"))

    assert response.status_code == 200
    widget_templates = [t.name for t in response.templates if t.name.startswith("django/forms/")]
    assert widget_templates == []
    for category in Category:
        assert f'value="{category.value}"' in response.text
    assert response.text.count('class="category-guidance"') == len(Category)


class _DjangoOnlyOptions(forms.CheckboxSelectMultiple):
    # An option template that exists only for Django, as Wagtail's workflow content types have.
    option_template_name = "wagtailadmin/workflows/includes/workflow_content_types_checkbox.html"


class _DjangoOnlyParts(forms.MultiWidget):
    def __init__(self):
        super().__init__([forms.TextInput(), SwitchInput()])

    def decompress(self, value):
        return value or [None, None]


def test_a_widget_including_a_template_only_django_has_renders_with_django_templates():
    # Jinja2 would render the outer template and then fail to include the inner one.
    renderer = FormRenderer()
    choices = _DjangoOnlyOptions(choices=[("a", "Policy pages"), ("b", "Letters")])

    options = choices.render("content_types", ["b"], renderer=renderer)
    parts = _DjangoOnlyParts().render("both", ["text", True], renderer=renderer)

    assert 'value="b"' in options and "checked" in options
    assert 'name="both_0"' in parts and 'name="both_1"' in parts
