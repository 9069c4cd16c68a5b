"""Chinese numerals as the congress writes them: 第十八届, 第三次会议."""

import cn2an


def chinese_number(number: int) -> str:
    """18 → 十八, 3 → 三, 110 → 一百一十 (the customary small-number form)."""
    return cn2an.an2cn(number, "low")


def chinese_ordinal(number: int) -> str:
    """18 → 第十八."""
    return f"第{chinese_number(number)}"
