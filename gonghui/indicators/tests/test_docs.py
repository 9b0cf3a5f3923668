from gonghui.indicators.docs import DOC_PATH, render


def test_docs_indicators_md_is_generated_from_the_registry():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/indicators.md is stale: run `python -m gonghui.indicators.docs`"
    )
