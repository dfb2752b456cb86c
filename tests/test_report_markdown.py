"""The Markdown questionnaire: the SE:09 shape, one checkbox per item, answered from evidence."""

from __future__ import annotations

import re

from results_factory import HOSTILE, hostile_results, rich_results

from assess.reporters import FORMATS, RenderOptions, markdown
from assess.reporters._view import build_view, review_prompts


def test_questionnaire_shape_and_answers() -> None:
    results = rich_results()
    text = markdown.render(results, RenderOptions())
    assert FORMATS["md"].extension == "md" and not FORMATS["md"].binary
    assert text.startswith("# Security assessment")
    assert "## Question: How do you protect application secrets" in text
    assert "## Question responses" in text
    boxes = re.findall(r"^### \[( |X)\] \*\*(.+)\*\*$", text, flags=re.MULTILINE)
    assert len(boxes) == 7
    view = build_view(results)
    assert [b == "X" for b, _ in boxes] == [i.answer == "yes" for i in view.items]
    assert boxes[0][1].startswith("We keep development, test and production secrets apart")
    # each item's comment is its evidence sentence
    sections = text.split("## Question responses")[1].split("\n### ")[1:]
    for section, item in zip(sections, view.items, strict=True):
        assert "#### Comments" in section
        assert f"({item.id})" in section
        assert item.sentence.split(" holds for ")[-1].rstrip(".") in section.replace("\\", "")
    assert f"Overall score {results.scores.overall:.0f} / 100" in text


def test_hostile_text_stays_inert() -> None:
    text = markdown.render(hostile_results(), RenderOptions())
    for raw in HOSTILE:
        if "<" in raw:
            assert raw not in text
    assert "<script" not in text and "<img" not in text and "<link" not in text
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in text


def test_parts_no_api_shows_are_left_for_the_review() -> None:
    prompts = review_prompts()
    assert set(prompts) == {f"SE09-{n}" for n in range(1, 8)}
    text = markdown.render(rich_results(), RenderOptions())
    sections = text.split("## Question responses")[1].split("\n### ")[1:]
    for section, item_id in zip(sections, sorted(prompts), strict=True):
        for prompt in prompts[item_id]:
            assert f"- [ ] {markdown.escape(prompt)}" in section
