import pytest
from django.core.exceptions import ValidationError

from gonghui.core.masking import mask_id_number, mask_mobile
from gonghui.core.phone import parse_mobile


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("13812345678", "13812345678"),
        (13812345678.0, "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("13812345678.0", "13812345678"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_normalises_mobiles(raw, clean):
    assert parse_mobile(raw) == clean


@pytest.mark.parametrize("raw", ["1381234567", "23812345678", "138123456789", "12812345678", "0571-8888888"])
def test_it_refuses_bad_mobiles(raw):
    with pytest.raises(ValidationError) as exc:
        parse_mobile(raw)
    assert "11位" in exc.value.messages[0]


def test_masks_follow_the_house_convention():
    assert mask_id_number("211402198001011234") == "2114**********1234"
    assert mask_mobile("13856785678") == "138****5678"
    assert mask_id_number("") == "" and mask_mobile("") == ""


def test_it_folds_a_mobile_typed_in_full_width_digits():
    assert parse_mobile("１３８１２３４５６７８") == "13812345678"
