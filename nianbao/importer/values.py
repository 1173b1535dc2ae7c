"""One printed cell → the value the YAML holds, by column type: counts, signed changes, money in 万元."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from nianbao.compute import fmt_number
from nianbao.editions import Column
from nianbao.importer.normalize import PLACEHOLDER, Number, read_number

COUNT_UNITS = {None, "件", "项", "个", "条", "次", "宗", "家", "人次"}


@dataclass
class Cell:
    """The outcome for one cell: a value, or why there is none; notes for the YAML; a unit doubt."""

    value: object = None
    missing: str | None = None
    notes: list[str] = field(default_factory=list)
    unit_doubt: bool = False


def convert(col: Column, text: str, header_unit: str | None) -> Cell:
    """Counts must be whole numbers; money is kept in 万元, converted from 元 when 元 is printed."""
    got = read_number(text)
    if not isinstance(got, Number):
        return Cell(missing="原表此格为空" if got != PLACEHOLDER else f"原表此格为「{text}」，不是数字")
    plain = text.strip() == format(got.value, "f")
    if col.type == "money":
        unit = got.unit or header_unit or (col.unit if col.unit and col.unit in col.label else None)
        if unit == "元":
            value = got.value / Decimal(10000)
            return Cell(value, notes=[f"原表「{text}」，按元换算为 {fmt_number(value)} 万元"])
        if unit != "万元" and got.value != 0:
            return Cell(got.value, notes=[f"原表「{text}」未注单位，按{col.unit}原样导入"], unit_doubt=True)
        return Cell(got.value, notes=[] if plain else [f"原表「{text}」"])
    if got.unit not in COUNT_UNITS or got.value != got.value.to_integral_value():
        return Cell(missing=f"原表「{text}」不是整数件数")
    return Cell(int(got.value), notes=[] if plain else [f"{col.label}原表为「{text}」"])
