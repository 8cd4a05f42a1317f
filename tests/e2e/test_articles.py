import re

import pytest
from playwright.sync_api import expect

from apps.accounts.editors import ensure_editors_group
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.e2e

BODY = """Kefir is a fermented milk drink.

## Start small

- One small glass with breakfast
- Build up over two weeks

Read the [NHS advice](https://www.nhs.uk/live-well/eat-well/).
"""


def test_an_editor_writes_previews_and_publishes_an_article(page, browser, live_server):
    editor = UserFactory(is_staff=True, display_name="Erin Editor")
    editor.groups.add(ensure_editors_group())
    CategoryFactory(name="Food", slug="food")
    sign_in(page, editor.email, PASSWORD)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))

    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Kefir for beginners")
    expect(page.locator("#id_slug")).to_have_value("kefir-for-beginners")
    page.locator("#id_summary").fill("How to start with kefir, one glass at a time.")
    page.locator("#id_category").select_option(label="Food")
    page.locator("#id_body").fill(BODY)
    page.get_by_label("Fermented foods").check()
    page.locator("#id_sources").fill("NHS Eat well | https://www.nhs.uk/live-well/eat-well/")
    page.locator("input[name=_continue]").first.click()

    preview = page.locator(".article-preview")
    expect(preview.locator("h2")).to_have_text("Start small")
    expect(preview.get_by_role("link", name="NHS advice")).to_have_attribute("rel", "noopener")

    page.goto("/articles/kefir-for-beginners/")
    expect(page.get_by_text("Preview: this article is a draft")).to_be_visible()
    reader = browser.new_context(base_url=live_server.url).new_page()
    assert reader.goto("/articles/kefir-for-beginners/").status == 404

    page.go_back()
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.goto("/articles/")
    expect(reader.get_by_role("link", name="Kefir for beginners")).to_be_visible()
    reader.get_by_label("Search articles").fill("kefir glass")
    reader.get_by_role("button", name="Search").click()
    expect(reader.get_by_role("status")).to_contain_text("1 article for “kefir glass”")
    reader.get_by_role("link", name="Kefir for beginners").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Kefir for beginners")
    expect(reader.get_by_text("By Erin Editor")).to_be_visible()
    expect(reader.get_by_role("link", name="Log your fermented foods today")).to_be_visible()
    reader.context.close()


def test_the_article_list_and_an_article_have_no_axe_violations(axe_page):
    article = ArticleFactory(
        title="Water and mood",
        body="## Why\n\nDrink **water**.\n\n- a glass\n- another glass\n",
        habits=["water_ml"],
    )
    ArticleFactory(category=article.category)
    axe_page.goto("/articles/")
    assert axe_violations(axe_page) == []
    axe_page.goto(f"/articles/{article.slug}/")
    assert axe_violations(axe_page) == []
