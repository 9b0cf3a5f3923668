"""转会: a member moves from their union to another union of the install.

services.py  transfer_request (the member, or an officer of the member's union), transfer_approve and
             transfer_reject (each side: the union left, the union joined); the second approval writes 转出/转入
selectors.py the two officers' queues (out: scoped by the union left; in: by the union joined), one request,
             the member's own, and the unions a member may pick
"""
