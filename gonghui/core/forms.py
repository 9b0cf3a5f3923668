"""Labels end in a Chinese colon (姓名：) on every form of every app, except a checkbox's, which reads after its
box: `Form` for a plain form, `ColonLabels` mixed into one from elsewhere (Django's AuthenticationForm)."""

from __future__ import annotations

from django import forms

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
