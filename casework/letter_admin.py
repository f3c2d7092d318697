"""The admin's pages for letter templates: the head of customer services edits each kind's
wording and previews it on a demo case."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LetterTemplate


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "mail"
    menu_label = "Letter templates"
    add_to_admin_menu = False
    list_display = ["__str__", "subject", "updated_at"]
