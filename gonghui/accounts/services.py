"""Accounts, grants, passwords and API tokens. Audited like every other write."""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import lockout, scoping
from gonghui.accounts.models import ApiToken, Grant, PasswordHistory, User
from gonghui.accounts.passwords import PasswordHistoryValidator
from gonghui.accounts.roles import Role
from gonghui.accounts.selectors import audit_list
from gonghui.core import audit, phone
from gonghui.core.audit_export import write_audit_xlsx
from gonghui.core.periods import Period
from gonghui.core.scope_guard import unscoped
from gonghui.orgs.models import Org


def _may_manage(actor, org: Org | None) -> None:
    if not scoping.can_manage_accounts(actor, org):
        raise PermissionDenied


def account_path(user: User) -> str:
    """Where an account's own audit rows (logins, lockouts, password changes) sit in the tree: its top-most
    grant, so the admins of that union see and export them like the rest of their union's trail."""
    with unscoped("an account's own grants place its audit rows"):
        paths = Grant.objects.filter(user_id=user.pk).order_by("org__path").values_list("org__path", flat=True)
        return paths.first() or ""


def generate_password(length: int = 14, user: User | None = None) -> str:
    """A random first password that passes the password rules (about 1 in 400 random ones reads as pinyin or a
    run along the keyboard: drawn again, so an invitation or a demo never fails by chance)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length - 2)) + secrets.choice("@#%+=") + secrets.choice(
            string.digits)
        if not (any(c.islower() for c in pw) and any(c.isupper() for c in pw)):
            continue
        try:
            validate_password(pw, user)
        except ValidationError:
            continue
        return pw


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.password_changed_at = timezone.now()


def _remember_password(user: User) -> None:
    """Keep the new hash (and only the last few) for PasswordHistoryValidator; call after the user is saved."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistoryValidator.HISTORY
    old = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id").values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(old)).delete()


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, display_name: str = "", mobile: str = "",
    is_superuser: bool = False, person=None, grants: list[tuple[Org, str]] = (), must_change_password: bool = False,
) -> User:
    for org, _role in grants:
        _may_manage(actor, org)
    if is_superuser and not scoping.scope_of(actor).everything:
        raise PermissionDenied
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写用户名。")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名“%(u)s”已存在，请换一个。") % {"u": username}}, code="username_taken")
    mobile = phone.parse_mobile(mobile) if mobile else ""
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise ValidationError({"mobile": _("手机号%(m)s已绑定其他账号。") % {"m": mobile}}, code="mobile_taken")
    user = User(username=username, display_name=display_name.strip(), mobile=mobile,
                is_superuser=is_superuser, is_staff=is_superuser, person=person,
                must_change_password=must_change_password)
    _set_password(user, password)
    user.full_clean(exclude=["password"])
    user.save()
    _remember_password(user)
    audit.record(actor=actor, action="create", obj=user, org_path=min((o.path for o, _r in grants), default=""),
                 changes={"username": [None, username], "is_superuser": [None, is_superuser]})
    for org, role in grants:
        grant_add(actor=actor, user=user, org=org, role=role)
    return user


@transaction.atomic
def grant_add(*, actor, user: User, org: Org, role: str) -> Grant:
    _may_manage(actor, org)
    if role not in Role.values:
        raise ValidationError({"role": _("角色“%(r)s”无效，可选：%(all)s。") % {"r": role, "all": ", ".join(Role.values)}})
    with unscoped("a grant is added after _may_manage checked its org"):
        grant, created = Grant.objects.get_or_create(user=user, org=org, role=role)
    if created:
        audit.record(actor=actor, action="create", obj=grant, org_path=org.path,
                     object_repr=f"{user.username} {Role(role).label} @ {org.name}",
                     changes={"role": [None, role], "org": [None, org.code]})
    scoping.forget_scope(user)
    return grant


@transaction.atomic
def grant_revoke(*, actor, user: User, org: Org, role: str) -> int:
    _may_manage(actor, org)
    with unscoped("a grant is removed after _may_manage checked its org"):
        deleted, _ = Grant.objects.filter(user=user, org=org, role=role).delete()
    if deleted:
        audit.record(actor=actor, action="delete", object_type="grant", object_id=f"{user.pk}:{org.pk}:{role}",
                     object_repr=f"{user.username} {Role(role).label} @ {org.name}", org_path=org.path,
                     changes={"role": [role, None], "org": [org.code, None]})
    scoping.forget_scope(user)
    return deleted


def _manageable(actor, user: User) -> None:
    if scoping.scope_of(actor).everything:
        return
    paths = list(user.grants.values_list("org__path", flat=True))
    scope = scoping.scope_of(actor)
    if not paths or not all(scope.covers(p, frozenset({Role.ADMIN})) for p in paths):
        raise PermissionDenied


@transaction.atomic
def password_reset(*, actor, user: User, new_password: str | None = None, force_change: bool = True) -> str:
    """An admin sets a new password; the user must change it at next login (unless the system sets it)."""
    _manageable(actor, user)
    password = new_password or generate_password()
    _set_password(user, password)
    user.must_change_password = force_change
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    _remember_password(user)
    audit.record(actor=actor, action="update", obj=user, org_path=account_path(user),
                 changes={"password": ["***", "重置"]})
    _revoke_all_tokens(actor=actor, user=user, why=_("重置密码"))
    return password


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")}, code="wrong_password")
    if old_password == new_password:
        raise ValidationError({"new_password": _("新密码不能与原密码相同。")}, code="same_password")
    _set_password(user, new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    _remember_password(user)
    audit.record(actor=user, action="update", obj=user, org_path=account_path(user),
                 changes={"password": ["***", "修改"]})


@transaction.atomic
def token_create(*, actor, user: User, name: str = "", expires_in_days: int | None = None) -> str:
    """A new token for `user` (yourself, an admin over all of the user's grants, or the SYSTEM), shown once.
    `expires_in_days`: None or 0 for no expiry."""
    if actor.pk != user.pk:  # SYSTEM has no pk: it goes through _manageable too
        _manageable(actor, user)
    if not user.is_active:
        raise ValidationError({"user": _("账号“%(u)s”已停用，不能创建令牌。") % {"u": user.username}})
    if expires_in_days is not None and not 0 <= expires_in_days <= 3650:
        raise ValidationError({"expires_in_days": _("有效天数应在1到3650之间（0表示长期有效）。")})
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:10], key_hash=ApiToken.hash(secret),
                                    expires_at=expires_at)
    audit.record(actor=user if scoping.is_system(actor) else actor, action="create", obj=token, object_repr=f"API token {token.prefix}… for {user}")
    return secret


def token_user(secret: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(secret), revoked=False).first()
    if token is None or not token.is_live() or not token.user.is_active:
        return None
    token.touch()
    return token.user


@transaction.atomic
def token_revoke(*, actor, user: User, prefix: str) -> int:
    """Revoke the user's live token(s) with this prefix (the first 10 characters shown when it was made;
    the whole token works too). Yourself, an admin over all of the user's grants, or the SYSTEM."""
    if actor.pk != user.pk:  # SYSTEM has no pk: it goes through _manageable too
        _manageable(actor, user)
    prefix = (prefix or "").strip()[:10]
    tokens = list(ApiToken.objects.filter(user=user, prefix=prefix, revoked=False)) if prefix else []
    if not tokens:
        raise ValidationError({"prefix": _("没有找到以“%(p)s”开头的有效令牌。") % {"p": prefix}})
    for token in tokens:
        _revoke(actor=actor, user=user, token=token)
    return len(tokens)


def _revoke(*, actor, user: User, token: ApiToken, why: str = "") -> None:
    token.revoked = True
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked", "revoked_at"])
    changes = {"revoked": [False, True]} | ({"reason": [None, why]} if why else {})
    audit.record(actor=user if scoping.is_system(actor) else actor, action="update", obj=token,
                 object_repr=f"API token {token.prefix}… for {user}", changes=changes)


def _revoke_all_tokens(*, actor, user: User, why: str) -> int:
    tokens = list(ApiToken.objects.filter(user=user, revoked=False))
    for token in tokens:
        _revoke(actor=actor, user=user, token=token, why=why)
    return len(tokens)


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Stop an account: it can no longer log in, its sessions end at their next request and its tokens are
    revoked. Accounts are never deleted (their audit rows name them); reactivate to undo."""
    _manageable(actor, user)
    if actor.pk == user.pk:
        raise ValidationError({"user": _("不能停用自己的账号。")}, code="deactivate_self")
    if not user.is_active:
        raise ValidationError({"user": _("账号“%(u)s”已经停用。") % {"u": user.username}}, code="already_inactive")
    user.is_active = False
    user.save(update_fields=["is_active"])
    scoping.forget_scope(user)
    audit.record(actor=actor, action="update", obj=user, org_path=account_path(user),
                 changes={"is_active": [True, False]})
    _revoke_all_tokens(actor=actor, user=user, why=_("停用账号"))
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    _manageable(actor, user)
    if user.is_active:
        raise ValidationError({"user": _("账号“%(u)s”没有停用。") % {"u": user.username}}, code="already_active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action="update", obj=user, org_path=account_path(user),
                 changes={"is_active": [False, True]})
    return user


def login_state(user: User) -> lockout.State:
    """The account's recent wrong passwords and any wait or lock they put on it (the account page)."""
    return lockout.account_state(f"user:{user.pk}")


@transaction.atomic
def account_unlock(*, actor, user: User) -> int:
    """Forget an account's failed logins, ending its lock or wait. Returns how many failures were forgotten."""
    _manageable(actor, user)
    state = login_state(user)
    if not state.failures:
        raise ValidationError({"user": _("账号“%(u)s”没有登录失败记录，无需解锁。") % {"u": user.username}},
                              code="not_locked")
    forgotten = lockout.clear(user)
    audit.record(actor=actor, action="unlock", obj=user, org_path=account_path(user),
                 changes={"failures": [state.failures, 0]})
    return forgotten


def audit_export(*, actor, target, period: Period, org: Org | None = None) -> int:
    """The trail of the actor's subtrees (or of `org`, which they must administer) in `period`, as an .xlsx
    written to `target` (a path or a file object); the export is itself a row of the trail. Returns the rows."""
    if not scoping.can_manage_accounts(actor, org):
        raise PermissionDenied
    where = org.name if org is not None else _("本人管理范围")
    title = _("操作留痕：%(w)s，%(p)s") % {"w": where, "p": period.label}
    events = audit_list(viewer=actor, period=period, org=org).select_related("actor")
    n = write_audit_xlsx(events.iterator(), target, title=title)
    audit.record(actor=actor, action="export", object_type="audit", object_id=str(org.pk) if org else "",
                 object_repr=title, org_path=org.path if org is not None else account_path(actor),
                 changes={"period": [None, f"{period.start}~{period.end}"], "rows": [None, n]})
    return n
