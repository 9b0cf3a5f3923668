from gonghui.accounts.models import ApiToken
from gonghui.cli.tests.helpers import run


def test_it_creates_a_token_that_authenticates_on_the_api(cast, client):
    out, _ = run("token", "create", "--username", "zhangzhuxi", "--name", "对账脚本")
    token = out.splitlines()[0]
    assert token.startswith("gh_")
    assert ApiToken.objects.get(user=cast.chair_a).name == "对账脚本"

    good = client.get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {token}")
    bad = client.get("/api/v1/orgs", HTTP_AUTHORIZATION="Bearer gh_not-a-token")
    assert good.status_code == 200
    assert bad.status_code == 401


def test_it_stores_only_a_hash(cast):
    out, _ = run("token", "create", "--username", "zhangzhuxi")
    token = out.splitlines()[0]
    stored = ApiToken.objects.get(user=cast.chair_a)
    assert stored.key_hash == ApiToken.hash(token) and token not in stored.key_hash


def test_it_keeps_a_union_admin_from_minting_tokens_for_others(cast):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到账号“zhangzhuxi”，或它不在账号“waidanwei”的管理范围内"):
        run("token", "create", "--as-user", "waidanwei", "--username", "zhangzhuxi")
    assert not ApiToken.objects.exists()
