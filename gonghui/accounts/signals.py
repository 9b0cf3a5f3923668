from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gonghui.accounts import lockout
from gonghui.accounts.services import account_path
from gonghui.core import audit
from gonghui.core.middleware import client_ip


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    lockout.clear(user)
    audit.record(actor=user, action="login", object_type="user", object_id=str(user.pk), object_repr=user.username,
                 org_path=account_path(user))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="logout", object_type="user", object_id=str(user.pk),
                     object_repr=user.username, org_path=account_path(user))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]
    address = client_ip(request) if request is not None else ""
    _key, user, state, address_blocked = lockout.record_failure(name, address)
    where = {"object_type": "user", "object_id": str(user.pk) if user else "", "object_repr": name,
             "org_path": account_path(user) if user else ""}
    audit.record(actor=None, action="login_failed", changes={"failures": [None, state.failures]}, **where)
    if state.locked:
        audit.record(actor=None, action="lockout", changes={"locked_until": [None, state.until.isoformat()]}, **where)
    if address_blocked:
        audit.record(actor=None, action="lockout", object_type="address", object_repr=address[:200],
                     changes={"failed_accounts": [None, lockout.rules().address_limit]})
