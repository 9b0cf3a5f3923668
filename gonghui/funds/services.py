"""The funds services were split by subject (book_services, voucher_services, budget_services,
opening_services, closing_services). This module only re-exports them for code written against the old single
module on branches made before the split (the 物资台账 branch); gonghui itself imports the subject modules.
Remove it once no branch needs it."""

from gonghui.funds.book_services import *  # noqa: F403
from gonghui.funds.budget_services import *  # noqa: F403
from gonghui.funds.closing_services import *  # noqa: F403
from gonghui.funds.opening_services import *  # noqa: F403
from gonghui.funds.voucher_services import *  # noqa: F403
