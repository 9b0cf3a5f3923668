import io

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import scoping, selectors, services
from gonghui.accounts.forms import GrantForm, LoginForm, PasswordChangeForm, UserCreateForm
from gonghui.core.audit_export import action_label
from gonghui.core.periods import period_from_params
from gonghui.orgs.selectors import org_manage_list

PAGE_SIZE = 50
AUDIT_ROWS = 20


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                for msg in msgs:
                    form.add_error(field if field in form.fields else "new_password", msg)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form})


# --- account administration (the 管理员 role) ------------------------------------------------------

def _require_manager(request) -> None:
    if not scoping.can_manage_accounts(request.user):
        raise PermissionDenied


def _show_password_once(request, user, password):
    # The generated password is rendered into this one response only: never stored, never cached.
    response = render(request, "accounts/user_password.html", {"account": user, "password": password})
    add_never_cache_headers(response)
    return response


def _form_errors(form, exc: ValidationError, fallback: str | None) -> None:
    if hasattr(exc, "error_dict"):
        for field, msgs in exc.message_dict.items():
            for msg in msgs:
                form.add_error(field if field in form.fields else fallback, msg)
    else:
        for msg in exc.messages:
            form.add_error(fallback, msg)


def user_list(request):
    _require_manager(request)
    page = Paginator(selectors.user_list(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


def user_create(request):
    _require_manager(request)
    form = UserCreateForm(request.POST or None, orgs=org_manage_list(viewer=request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = data["password"] or services.generate_password()
        try:
            user = services.user_create(
                actor=request.user, username=data["username"], password=password,
                display_name=data["display_name"], mobile=data["mobile"],
                grants=[(data["org"], data["role"])], must_change_password=True,
            )
        except ValidationError as exc:
            _form_errors(form, exc, fallback="mobile" if data["mobile"] else None)
        else:
            if data["password"]:
                messages.success(request, _("已新建账号“%(u)s”。") % {"u": user.username})
                return redirect("accounts:user-detail", pk=user.pk)
            return _show_password_once(request, user, password)
    return render(request, "accounts/user_form.html", {"form": form})


def _labelled(events):
    events = list(events)
    for e in events:
        e.label = action_label(e.action)
    return events


def _user_detail(request, account, *, grant_form=None, status=200):
    return render(request, "accounts/user_detail.html", {
        "account": account,
        "login_state": services.login_state(account),
        "audit": _labelled(selectors.audit_for(viewer=request.user, obj=account).select_related("actor")[:AUDIT_ROWS]),
        "grants": selectors.grant_list(viewer=request.user, user=account),
        "grant_form": grant_form or GrantForm(orgs=org_manage_list(viewer=request.user)),
    }, status=status)


def user_detail(request, pk):
    _require_manager(request)
    return _user_detail(request, selectors.user_get(viewer=request.user, pk=pk))


@require_POST
def grant_add(request, pk):
    _require_manager(request)
    account = selectors.user_get(viewer=request.user, pk=pk)
    form = GrantForm(request.POST, orgs=org_manage_list(viewer=request.user))
    if form.is_valid():
        try:
            services.grant_add(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc, fallback=None)
        else:
            messages.success(request, _("已授权。"))
            return redirect("accounts:user-detail", pk=account.pk)
    return _user_detail(request, account, grant_form=form)


@require_POST
def grant_revoke(request, pk, grant_pk):
    _require_manager(request)
    account = selectors.user_get(viewer=request.user, pk=pk)
    grant = selectors.grant_get(viewer=request.user, user=account, pk=grant_pk)
    services.grant_revoke(actor=request.user, user=account, org=grant.org, role=grant.role)
    messages.success(request, _("已收回授权。"))
    return redirect("accounts:user-detail", pk=account.pk)


@require_POST
def password_reset(request, pk):
    _require_manager(request)
    account = selectors.user_get(viewer=request.user, pk=pk)
    password = services.password_reset(actor=request.user, user=account)
    return _show_password_once(request, account, password)


def _flash_errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _act_on_account(request, pk, service, done: str):
    _require_manager(request)
    account = selectors.user_get(viewer=request.user, pk=pk)
    try:
        service(actor=request.user, user=account)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("accounts:user-detail", pk=account.pk)


@require_POST
def user_deactivate(request, pk):
    return _act_on_account(request, pk, services.user_deactivate, _("已停用账号，其API令牌已全部吊销。"))


@require_POST
def user_reactivate(request, pk):
    return _act_on_account(request, pk, services.user_reactivate, _("已重新启用账号。"))


@require_POST
def user_unlock(request, pk):
    return _act_on_account(request, pk, services.account_unlock, _("已解锁账号，登录失败次数已清零。"))


def _audit_period(request):
    try:
        return period_from_params(request.GET), None
    except ValidationError as exc:
        return period_from_params({}), exc.messages[0]


def audit_list(request):
    """操作留痕: the trail of the unions the admin manages, by period, with its .xlsx export."""
    _require_manager(request)
    period, error = _audit_period(request)
    events = selectors.audit_list(viewer=request.user, period=period).select_related("actor").order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _labelled(page.object_list)
    return render(request, "accounts/audit_list.html", {"page": page, "period": period, "error": error})


def audit_export(request):
    _require_manager(request)
    try:
        period = period_from_params(request.GET)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("accounts:audit-list")
    buffer = io.BytesIO()
    services.audit_export(actor=request.user, target=buffer, period=period)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"操作留痕_{period.start}_{period.end}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def token_list(request):
    """The user's own API tokens (create, revoke) and, for admins, those of the accounts they manage."""
    created = None
    if request.method == "POST":
        try:
            days = int(request.POST.get("days") or 0)
        except ValueError:
            days = -1
        try:
            created = services.token_create(actor=request.user, user=request.user,
                                            name=request.POST.get("name", "").strip()[:100], expires_in_days=days)
        except ValidationError as exc:
            _flash_errors(request, exc)
    tokens = selectors.token_list(viewer=request.user)
    response = render(request, "accounts/token_list.html", {
        "own": [t for t in tokens if t.user_id == request.user.pk],
        "managed": [t for t in tokens if t.user_id != request.user.pk],
        "created": created,
    })
    add_never_cache_headers(response)
    return response


@require_POST
def token_revoke(request, pk):
    token = selectors.token_list(viewer=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    try:
        services.token_revoke(actor=request.user, user=token.user, prefix=token.prefix)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("已吊销令牌 %(p)s…。") % {"p": token.prefix})
    return redirect("accounts:token-list")
