import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password, fragment",
    [("Ab1!", "至少需要8个字符"), ("abcdefgh12", "至少三类"), ("Password1!", "常见")],
)
def test_password_rules_speak_chinese(password, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(fragment in m for m in exc.value.messages), exc.value.messages


def test_a_strong_password_passes():
    validate_password("Gonghui#2026")
