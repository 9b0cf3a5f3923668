import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import idcard


@pytest.mark.parametrize(
    "first17, expected",
    [
        ("11010519491231002", "X"),  # the example printed in GB 11643-1999
        ("44052418800101001", "4"),  # the example of the 18-digit number in common references
        ("11010519491231001", "1"),  # one less on the last weight (2): R drops from 2 to 0
        ("11010519491231003", "8"),
    ],
)
def test_check_digit_vectors(first17, expected):
    assert idcard.check_digit(first17) == expected


def test_it_accepts_the_standard_example_and_derives_birth_and_sex():
    info = idcard.parse("11010519491231002X")
    assert info.number == "11010519491231002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "F"  # 17th digit 2 is even


def test_it_normalises_full_width_spaces_and_lower_x():
    assert idcard.parse("１１０１０５ １９４９１２３１ ００２x").number == "11010519491231002X"


def test_it_upgrades_15_digit_numbers():
    # 15-digit 110105491231002 -> insert 19 -> check digit X
    assert idcard.parse("110105491231002").number == "11010519491231002X"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "id_empty"),
        ("4.40305198905104E+17", "id_excel_number"),
        (4.40305198905104e17, "id_excel_number"),
        ("1101051949123100", "id_length"),
        ("11010519491231002A", "id_chars"),
        ("99010519491231002X", "id_province"),
        ("110105194902300021", "id_birth_date"),
        ("110105194912310021", "id_check_digit"),
    ],
)
def test_it_refuses_bad_numbers_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as exc:
        idcard.parse(raw)
    assert exc.value.code == code
    assert exc.value.messages[0]  # a Chinese sentence, asserted in the message tests below


def test_excel_number_message_says_how_to_fix():
    with pytest.raises(ValidationError) as exc:
        idcard.parse("4.40305198905104E+17")
    assert "文本" in exc.value.messages[0] and "丢失" in exc.value.messages[0]


def test_check_digit_message_names_the_expected_digit():
    with pytest.raises(ValidationError) as exc:
        idcard.parse("110105194912310021")
    assert "校验位应为“X”" in exc.value.messages[0]


def test_future_birth_date_is_refused():
    first17 = "11010520990101001"
    with pytest.raises(ValidationError) as exc:
        idcard.parse(first17 + idcard.check_digit(first17), today=dt.date(2026, 1, 1))
    assert exc.value.code == "id_birth_date"


def test_it_folds_an_id_typed_all_in_full_width_digits():
    """Such an ID has no space or x to give it away: it must still be folded to ASCII digits."""
    full_width = "11010519491231002X".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert idcard.parse(full_width).number == "11010519491231002X"


def test_the_check_digit_is_the_weighted_sum_of_gb_11643():
    """check_digit computes the sum in one base-13 conversion: prove it equals the standard's formula."""
    import random

    rng = random.Random(11643)
    for _ in range(5000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        weighted = sum(int(d) * w for d, w in zip(first17, idcard.WEIGHTS))
        assert idcard.check_digit(first17) == "10X98765432"[weighted % 11]
