"""The cerberus schemas generated from the edition files are valid cerberus definitions (checked here, not per run)."""

from __future__ import annotations

import copy

import cerberus
import pytest
from cerberus.schema import DefinitionSchema, SchemaError

from nianbao.check.schema import _Flat, _Validator, _validator, cerberus_schema
from nianbao.editions import all_editions

EDITIONS = [ed.id for ed in all_editions()]


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_the_generated_schema_passes_cerberus_full_definition_check(edition_id):
    schema = cerberus_schema(edition_id)
    generated = copy.deepcopy(schema)
    checked = DefinitionSchema(_Validator(), copy.deepcopy(schema))  # raises SchemaError on any bad rule
    assert checked.schema == generated == schema  # already in expanded form: nothing for cerberus to redo per run
    assert _validator(edition_id).schema.schema is schema


def test_the_full_definition_check_does_reject_a_broken_rule():
    with pytest.raises(SchemaError):
        DefinitionSchema(_Validator(), {"year": {"type": "integer", "minn": 0}})


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_the_cached_validator_judges_like_a_fully_checked_one(edition_id):
    full = cerberus.Validator.__new__(_Validator)
    full.__init__(cerberus_schema(edition_id), error_handler=_Flat)  # the handler validate() reads
    for doc in ({"year": 2024}, {"year": "x"}, {"proactive": {"fees": {"amount": -1}}}, {"nonsense": 1}):
        fast = _validator(edition_id)
        assert fast.validate(doc, normalize=False) == full.validate(doc, normalize=False)
        assert fast.errors == full.errors


def test_an_edition_that_does_not_exist_is_named_with_the_choices(tmp_path):
    from conftest import EXAMPLES

    from nianbao.check import check_file

    source = next(e for e in EXAMPLES if e.stem == "2022-maiji-zwfw").read_text(encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(source.replace("year: 2022\n", "year: 2022\nedition: 2018\n", 1), encoding="utf-8")
    found = [(i.code, i.message) for i in check_file(path).issues if i.path == "edition"]
    assert found == [("not-allowed", "格式版本“2018”不存在，可选 2019、2021")]
