"""入会 (网上入会 / 码上入会): a worker's application from a union's public join page, and its review.

notice.py    the personal-information notice (个人信息保护法 第17条) shown on the page; its version is stored
             with each consent
services.py  join_apply (anonymous, throttled per address), join_approve, join_reject
selectors.py the public side (join_org, join_status) and the officers' queue (join_application_list/_get)
"""
