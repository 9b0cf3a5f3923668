"""我的申请: the member's own requests (转会, 帮扶申请, 金点子) with their states and reasons, the forms to send
them, and correcting their own mobile. Thin: parse, call one service, render; every read is the member's own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.forms import add_service_errors
from gonghui.ledgers.requests import services as requests_services
from gonghui.ledgers.requests.selectors import my_help_requests, my_suggestions
from gonghui.me.request_forms import HelpForm, PhoneForm, SuggestionForm, TransferForm
from gonghui.people import services as people_services
from gonghui.people.selectors import person_get
from gonghui.people.transfers import services as transfer_services
from gonghui.people.transfers.selectors import my_transfers, transfer_union_find, transfer_unions, union_label


def _form_page(request, form, *, title: str, intro: str, submit: str, multipart=False, extra=None):
    return render(request, "me/request_form.html", {"form": form, "title": title, "intro": intro,
                                                    "submit": submit, "multipart": multipart, **(extra or {})})


def _submitted(request, form, act, done: str):
    """POST of a valid form: run the service `act(cleaned_data)`; its refusal goes onto the form (None), its
    success back to 我的申请 with `done` or the text `act` returned (a redirect)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        said = act(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, said if isinstance(said, str) else done)
    return redirect("me:requests")


def requests_home(request):
    if not request.user.person_id:
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    return render(request, "me/requests.html", {
        "person": person,
        "transfers": my_transfers(viewer=request.user)[:20],
        "help_requests": my_help_requests(viewer=request.user)[:20],
        "suggestions": my_suggestions(viewer=request.user)[:30],
    })


def transfer_new(request):
    if not request.user.person_id:
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    form = TransferForm(request.POST or None)

    def ask(data):
        to_org = transfer_union_find(data["to_org"])
        transfer_services.transfer_request(actor=request.user, person=person, to_org=to_org, note=data["note"])
        return _("转会申请已提交，等待原单位和“%(org)s”审核。") % {"org": to_org.name}

    if done := _submitted(request, form, ask, ""):
        return done
    unions = [union_label(code, name) for code, name in transfer_unions()]
    return _form_page(request, form, title=_("申请转会"), submit=_("提交转会申请"), extra={"unions": unions},
                      intro=_("从“%(org)s”转到本系统中的另一个工会。原单位和转入单位都同意后办理转出、转入。") % {
                          "org": person.org.name})


def help_new(request):
    if not request.user.person_id:
        return redirect("web:home")
    form = HelpForm(request.POST or None, request.FILES or None)
    done = _submitted(request, form, lambda data: requests_services.help_apply(actor=request.user, **data),
                      _("帮扶申请已提交，工会将在3个工作日内审核。"))
    if done:
        return done
    return _form_page(request, form, title=_("申请困难帮扶"), submit=_("提交帮扶申请"), multipart=True,
                      intro=_("您填写的家庭情况只有本工会负责帮扶工作的干部能看到。"))


def suggestion_new(request):
    if not request.user.person_id:
        return redirect("web:home")
    form = SuggestionForm(request.POST or None, request.FILES or None)
    done = _submitted(request, form,
                      lambda data: requests_services.suggestion_submit(actor=request.user, **data),
                      _("建议已提交，已记入工会的合理化建议台账。"))
    if done:
        return done
    return _form_page(request, form, title=_("提金点子 / 合理化建议"), submit=_("提交建议"), multipart=True,
                      intro=_("提交后即记入工会的合理化建议台账，您可在“我的申请”中查看评审进度。"))


def phone(request):
    if not request.user.person_id:
        return redirect("web:home")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    form = PhoneForm(request.POST or None, initial={"mobile": person.mobile})
    done = _submitted(request, form, lambda data: people_services.own_mobile_set(actor=request.user, **data),
                      _("手机号已更新。"))
    if done:
        return done
    return _form_page(request, form, title=_("更正我的手机号"), submit=_("保存"),
                      intro=_("工会名册中您的手机号。用于工会联系您；登录账号不变。"))


def _withdraw(request, mine, pk: int, withdraw, done: str):
    """POST: withdraw the member's own pending request `pk` among `mine` (404 for anyone else's)."""
    if not request.user.person_id:
        return redirect("web:home")
    item = get_object_or_404(mine(viewer=request.user), pk=pk)
    try:
        withdraw(item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("me:requests")


@require_POST
def help_withdraw(request, pk: int):
    return _withdraw(request, my_help_requests, pk,
                     lambda item: requests_services.help_withdraw(actor=request.user, request=item),
                     _("帮扶申请已撤回。"))


@require_POST
def transfer_withdraw(request, pk: int):
    return _withdraw(request, my_transfers, pk,
                     lambda item: transfer_services.transfer_withdraw(actor=request.user, transfer=item),
                     _("转会申请已撤回。"))
