"""The admin runs under the same strict Content-Security-Policy as the site: no page raises a violation."""

from django.contrib.auth import get_user_model
from playwright.sync_api import ConsoleMessage, Page, expect

from advisor.domain import Answers
from advisor.models import WeightSet
from questionnaire.services import store_response

PASSWORD = "a long and unguessable password"
ADMIN_PAGES = [
    "/admin/",
    "/admin/advisor/weightset/",
    "/admin/advisor/weightset/1/change/",
    "/admin/advisor/weightset/add/",
    "/admin/advisor/scenario/",
    "/admin/advisor/scenario/add/",
    "/admin/questionnaire/response/",
    "/admin/questionnaire/response/1/change/",
    "/admin/auth/user/1/change/",
    "/admin/advisor/weightset/{set}/try/?stage=growing&monthly_budget=500&horizon=months&experience=basic",
    "/admin/questionnaire/response/impact/{set}/",
    "/admin/questionnaire/response/analytics/",
]


def test_admin_pages_raise_no_content_security_policy_violation(page: Page) -> None:
    get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    store_response(
        Answers(stage="growing", monthly_budget=300, horizon="months", experience="basic"), nonce="csp"
    )
    violations: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", collect)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Tune the advice and follow the responses")).to_be_visible()
    live = WeightSet.objects.get(status=WeightSet.Status.ACTIVE).pk
    for path in ADMIN_PAGES:
        response = page.goto(path.format(set=live))
        assert response is not None
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    assert violations == []
