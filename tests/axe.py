"""axe-core in a Playwright page: the vendored script (tests/vendor/axe-core/) and the WCAG 2.1 A/AA
rules, reporting serious and critical violations (tests/test_browser_axe.py, test_browser_accessibility.py)."""

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
SHOWN_TARGETS = 3

RUN_AXE = r"""async ([tags, impacts, shown]) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    rule: v.id, impact: v.impact, count: v.nodes.length,
    targets: v.nodes.slice(0, shown).map(node => node.target.join(" ")),
    why: (v.nodes[0].failureSummary || "").replace(/\s+/g, " ").slice(0, 200)}));
}"""


def serious_violations(page) -> list[dict]:
    """The serious and critical violations on the page as it is now (axe must be injected: AXE_SCRIPT)."""
    return page.evaluate(RUN_AXE, [TAGS, list(FAILING_IMPACTS), SHOWN_TARGETS])


def describe(violation: dict) -> str:
    return (
        f"{violation['rule']} ({violation['impact']}, {violation['count']}) "
        f"{' | '.join(violation['targets'])} - {violation['why']}"
    )
