from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import lockout
from gonghui.accounts.roles import Role
from gonghui.core.forms import ColonLabels, Form
from gonghui.core.middleware import client_ip


class LoginForm(ColonLabels, AuthenticationForm):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    error_messages = {
        "invalid_login": _("用户名/手机号或密码不正确。连续输错多次后须等待一段时间才能再试。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }
    throttled = False

    def clean(self):
        # Asked before the password is checked: while an account waits, even the right password is refused.
        name = self.cleaned_data.get("username")
        if name and self.cleaned_data.get("password"):
            reason = lockout.refusal(name, client_ip(self.request) if self.request else "")
            if reason:
                self.throttled = True
                raise ValidationError(reason, code="throttled")
        return super().clean()


class PasswordChangeForm(Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "　" * (obj.depth - 1) + obj.name


class GrantForm(Form):
    org = OrgChoiceField(label=_("组织"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class UserCreateForm(GrantForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False,
                             help_text=_("可用手机号登录"))
    password = forms.CharField(label=_("初始密码"), required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("不填则由系统生成，只显示一次"))

    field_order = ["username", "display_name", "mobile", "org", "role", "password"]
