from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator

from .models import Notification
from .notifications import notify


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account is switched off. Ask the intranet administrator to switch it back on.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        # AuthenticationForm sets the field's max_length after it is built, so nothing checks it: an
        # overlong username would reach the failed sign-in record, whose column is shorter.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link like every other email: through the task worker (the page never
    waits on the mail server), in the email log, and retried while the mail server is down."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        notify(context["user"], subject, body, kind=Notification.Kind.PASSWORD_RESET)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False)


class AdminSearchForm(forms.Form):
    """A search in the admin that could not run, shown back to be put right: `words` under the
    `name` the admin's page reads them by, checked against `max_length` characters."""

    def __init__(self, name, words, max_length):
        # A null character cannot be written into the page again: it is left out, and said why.
        super().__init__({name: words.replace("\x00", "")})
        self.name, self.had_null_character = name, "\x00" in words
        self.fields[name] = forms.CharField(label="Search for", max_length=max_length)

    def clean(self):
        if self.had_null_character:
            self.add_error(self.name, "Search with plain text: null characters are not allowed.")
        return super().clean()
