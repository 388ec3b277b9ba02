"""The header search box as a keyboard user meets it (ARIA combobox pattern)."""

import pytest


@pytest.mark.browser
def test_header_suggestions_with_the_keyboard(live_server, browser_page, output_dir, make_page):
    make_page("Community of practice", "How a community of practice works.")
    make_page("Practice notes", "Notes on practice.")
    page = browser_page
    csp_violations = []
    page.on(
        "console",
        lambda msg: csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(live_server.url + "/")

    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("practice", delay=20)
    listbox = page.get_by_role("listbox", name="Search suggestions")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    labels = [text.split("\n")[0] for text in options.all_inner_texts()]
    assert set(labels[:-1]) == {"Community of practice", "Practice notes"}
    assert labels[-1] == "Search for “practice”"
    page.screenshot(path=str(output_dir / "search-suggestions.png"))

    # Arrow keys move the active option; the input keeps focus.
    box.press("ArrowDown")
    first_id = options.nth(0).get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.nth(0).get_attribute("aria-selected") == "true"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(2).get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "header-search-input"

    # Escape closes the list and keeps the text; ArrowDown opens it again.
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "practice"
    box.press("ArrowDown")
    assert listbox.is_visible()

    # Enter on an option goes to it.
    target = options.nth(0).inner_text().split("\n")[0]
    box.press("Enter")
    # Waited for from Python: the page's CSP forbids the eval a string predicate needs.
    page.wait_for_url(lambda url: "/search" not in url)
    page.locator("h1").wait_for()
    assert page.locator("h1").inner_text() == target

    # Enter without choosing submits the search: results with the words marked.
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("communities")
    box.press("Enter")
    page.wait_for_url("**/search/?q=communities")
    assert page.locator(".search-result mark").first.inner_text().lower() == "community"
    page.screenshot(path=str(output_dir / "search-results.png"), full_page=True)

    # Escape closes the list, a second Escape clears the box, and no stale list comes back.
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("")
    box.press_sequentially("practice", delay=20)
    page.get_by_role("listbox", name="Search suggestions").first.wait_for(state="visible")
    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""
    box.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "false"
    assert csp_violations == []
