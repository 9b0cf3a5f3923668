"""/indicators: the numbers of the indicator registry for an org subtree and a period. Thin: parse,
call `indicators.registry.compute` (the one place numbers are computed), render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from gonghui.api.schemas import (
    READ_ERRORS,
    IndicatorDefinitionList,
    IndicatorParams,
    IndicatorsOut,
    indicator_definition_out,
    indicators_out,
)
from gonghui.core.periods import BOTH_GIVEN, ONE_DATE, Period, period_from_params
from gonghui.indicators.registry import all_indicators, compute
from gonghui.orgs.selectors import org_get

router = Router(tags=["indicators"])

BOTH_PERIODS = _("请只给出一种期间：period，或 from 和 to。")
NO_PERIOD = _("请给出期间（如 2026H1），或同时给出开始和结束日期。")


def api_period(params) -> Period:
    """period, or from + to (required: the API has no default); a 422 on `period` otherwise. The API names its
    own parameters in the messages of core.periods that speak of them."""
    try:
        return period_from_params({"period": params.period, "from": params.start, "to": params.end}, default=None)
    except ValidationError as exc:
        said = exc.message_dict.get("period", [])
        own = {str(BOTH_GIVEN): BOTH_PERIODS, str(ONE_DATE): NO_PERIOD}
        if said and said[0] in own:
            raise ValidationError({"period": [own[said[0]]]}) from None
        raise


@router.get("/indicators", response={200: IndicatorsOut, **READ_ERRORS},
            summary="指标：某组织（含全部下级）在某期间的全部指标值（与 gonghui report indicators --json 相同）")
def indicators(request, params: Query[IndicatorParams]):
    org = org_get(viewer=request.user, code=params.org)  # unknown or hidden: the same 404
    period = api_period(params)
    return indicators_out(org, period, compute(org, period), {i.code: i for i in all_indicators()})


@router.get("/indicators/definitions", response={200: IndicatorDefinitionList, **READ_ERRORS},
            summary="指标定义：代码、名称、单位、类型、口径、数据来源")
def indicator_definitions(request):
    items = [indicator_definition_out(ind) for ind in all_indicators()]
    return {"items": items, "count": len(items)}
