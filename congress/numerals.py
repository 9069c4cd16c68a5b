"""Chinese numerals as the congress writes them (第十八届, 第三次会议), and the official names
built from them, which stay Chinese in every interface language like a township's own name."""

from functools import lru_cache

import cn2an


def chinese_number(number: int) -> str:
    """18 → 十八, 3 → 三, 110 → 一百一十 (the customary small-number form)."""
    return cn2an.an2cn(number, "low")


@lru_cache(maxsize=512)
def chinese_ordinal(number: int) -> str:
    """18 → 第十八 (cached: a province's record repeats the same few numbers)."""
    return f"第{chinese_number(number)}"


def session_name(term_ordinal: int, session_ordinal: int, township_name: str = "") -> str:
    """第十八届第三次会议 within a township's pages; with the township's name, the full official
    name 某某镇第十八届人民代表大会第三次会议."""
    term, session = chinese_ordinal(term_ordinal), chinese_ordinal(session_ordinal)
    if township_name:
        return f"{township_name}{term}届人民代表大会{session}次会议"
    return f"{term}届{session}次会议"


def term_name(term_ordinal: int, township_name: str) -> str:
    """某某镇第十八届."""
    return f"{township_name}{chinese_ordinal(term_ordinal)}届"
