import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Role
from gonghui.core.scope_guard import ScopedManager, ScopedModelMixin
from gonghui.orgs.models import Org


class User(AbstractUser):
    # Accounts are listed to the admins of an org that holds one of the account's grants.
    scope_org = "grants__org__"
    scope_own = None

    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # The roster person this account belongs to (for the 会员 role and "my own record").
    person = models.OneToOneField(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    password_changed_at = models.DateTimeField(null=True, blank=True)
    must_change_password = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        constraints = [
            models.UniqueConstraint(fields=["mobile"], condition=~models.Q(mobile=""), name="user_mobile_unique"),
        ]

    def __str__(self):
        return self.display_name or self.username


class Grant(ScopedModelMixin, models.Model):
    scope_org = "org__"
    scope_own = None
    objects = ScopedManager()

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("授权")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="grant_unique")]

    def __str__(self):
        return f"{self.user} {self.get_role_display()} @ {self.org}"


class ApiToken(models.Model):
    """Personal API token. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Using a token writes its last-used time at most this often (one write per request otherwise).
    TOUCH_EVERY = dt.timedelta(minutes=1)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return "gh_" + secrets.token_urlsafe(32)

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.revoked and (self.expires_at is None or self.expires_at > now)

    def touch(self):
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= self.TOUCH_EVERY:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords, so an old one cannot come back (等保)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]


class LoginFailure(models.Model):
    """One wrong password: the input of accounts/lockout.py. `account` is "user:<pk>" when the name given
    (username or mobile) resolved to an account, "name:<name>" otherwise, so both spellings of an account
    share one count and an unknown name is counted under itself."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    account = models.CharField(max_length=160)
    address = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["account", "at"]), models.Index(fields=["address", "at"])]
