"""Labels end in a Chinese colon (姓名：) on every form of every app, except a checkbox's, which reads after its
box: `Form` for a plain form, `ColonLabels` mixed into one from elsewhere (Django's AuthenticationForm)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

LABEL_SUFFIX = "："


class ColonLabels:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.label_suffix = ""


class Form(ColonLabels, forms.Form):
    """A form whose labels end in a Chinese colon."""


def add_service_errors(form: forms.Form, exc: ValidationError, fallback: str | None = None) -> None:
    """Put a service's ValidationError next to the fields it names; the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            target = field if field in form.fields else fallback
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(fallback, message)
