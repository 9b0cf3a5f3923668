import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gonghui.conftest import PASSWORD


@pytest.mark.parametrize(
    "password, fragment",
    [("Ab1!", "至少需要8个字符"), ("abcdefgh12", "至少三类"), ("Password1!", "常见")],
)
def test_password_rules_speak_chinese(password, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(fragment in m for m in exc.value.messages), exc.value.messages


def test_a_strong_password_passes():
    validate_password("Xq7#Lw2!mRp")
    validate_password("Newer#Pass2026")


@pytest.mark.parametrize("password", [
    "Admin@123", "Huawei@123", "Zhangsan1!", "Gonghui2026!", "Gonghui#2026", "Lixiaoming#88", "Qwerty!2345",
    "Wangwei@2024", "Root#123456", "Qwer1234!", "Asdf@2026", "1qaz@WSX3edc", "Zxcvb#8899",
])
def test_it_refuses_guessable_passwords_chinese_offices_use(password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any("容易被猜到" in m or "常见" in m for m in exc.value.messages), exc.value.messages


def test_it_refuses_the_users_own_name_in_pinyin(cast):
    from gonghui.accounts.models import User

    user = User(username="lgs01", display_name="刘广生")
    with pytest.raises(ValidationError, match="容易被猜到"):
        validate_password("Liuguangsheng#7", user)
    with pytest.raises(ValidationError, match="容易被猜到"):
        validate_password("Xk#lgs01-Qz9", user)
    validate_password("Xq7#Lw2!mRp", user)


def test_it_refuses_the_last_five_passwords_of_the_account(cast):
    from gonghui.accounts import services

    user = cast.officer_a1
    used = ["Tq4#Vx8!kWn", "Rb5#Mz3!pQs", "Hd6#Kc9!vXt", "Jf2#Nw7!rLy", "Pz8#Gt4!xCk"]
    current = PASSWORD
    for new in used:
        services.password_change(user=user, old_password=current, new_password=new)
        current = new
    for old in used[:-1]:
        with pytest.raises(ValidationError, match="最近5次"):
            services.password_change(user=user, old_password=current, new_password=old)
    # the sixth back (the cast's first password) has left the history
    services.password_change(user=user, old_password=current, new_password=PASSWORD)


def test_generated_first_passwords_always_pass_the_rules():
    """About 1 in 400 random ten-character passwords reads as pinyin (Dee2NeSi@7) or a keyboard run: an
    invitation sheet or the demo must never fail on one by chance."""
    from gonghui.accounts.services import generate_password

    for _ in range(3000):
        validate_password(generate_password(10))
