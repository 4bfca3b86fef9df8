"""Chinese shows as Chinese in the test browser, not as boxes."""

from __future__ import annotations

from playwright.sync_api import Page

GLYPHS = """() => {
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 48;
    const ctx = canvas.getContext("2d");
    ctx.font = "40px sans-serif";
    ctx.fillText(text, 2, 40);
    return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(",");
  };
  return [draw("叉"), draw("车"), draw("\\u{10FFFD}")];
}"""


def test_two_chinese_characters_are_drawn_as_different_glyphs(page: Page) -> None:
    # given a blank page of the site
    page.goto("/admin/login/")
    # when two characters and one no font has are drawn
    cha, che, missing = page.evaluate(GLYPHS)
    # then: without a CJK font both characters are the same empty box as the missing one
    assert cha != che
    assert missing not in (cha, che)
