from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from gonghui.accounts.models import User


def resolve_account(name: str) -> User | None:
    """The account a login name means: its username, or the mobile number on it."""
    name = (name or "").strip()
    if not name:
        return None
    return User.objects.filter(Q(username=name) | (Q(mobile=name) & ~Q(mobile=""))).first()


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the username or the mobile number on the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = resolve_account(username)
        if user is None:
            User().set_password(password)  # same cost as a real check, so timing reveals nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
