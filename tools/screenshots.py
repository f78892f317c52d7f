"""Screenshots of pages as the demo accounts see them, at a desktop and a phone width, to look at by eye.

    .venv/bin/python tools/screenshots.py [BASE_URL] [USER:PATH ...]

With a portal served on BASE_URL (default http://127.0.0.1:8000, `make run`) and its demo data, logs in as each
named demo account (password gkw-demo-2022; `anon` for a visitor who is not logged in) in Debian's Chromium, opens
the path at 1366 and 390 px and saves a full-page PNG under test-artifacts/screens/. Without USER:PATH pairs it
walks each role's home and a form page or two of each app. Prints, per shot, the HTTP status and whether the page
scrolls sideways (a layout defect).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "screens"
PASSWORD = "gkw-demo-2022"  # noqa: S105 -- the demo accounts' published password (README)
WIDTHS = (1366, 390)
ANONYMOUS = "anon"  # anon:PATH opens the page without logging in (the public site, a survey, the 谈心屋)
DEFAULT_WALK = [
    "staff:/",
    "staff:/committee/notices/new/",
    "staff:/publicity/notices/new/",
    "sec1:/",
    "sec1:/reports/new/",
    "office:/dashboard/",
    "counsellor1:/care/",
    "counsellor1:/care/needs/new/",
    "elder1:/care/mine/",
    "region_contact:/region/",
    "reviewer1:/region/",
    "province:/region/",
    "corr1:/publicity/news/",
    "unit-xg:/committee/unit/",
]


def shoot(base: str, walk: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for item in walk:
            user, path = item.split(":", 1)
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
                page = context.new_page()
                if user != ANONYMOUS:
                    page.goto(f"{base}/accounts/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                response = page.goto(f"{base}{path}")
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                name = re.sub(r"[^\w]+", "_", f"{user}{path}").strip("_") + f"_{width}.png"
                page.screenshot(path=str(OUT / name), full_page=True)
                status = response.status if response else "?"
                print(f"{status} {user:15} {path:45} {width:>5}px  sideways {overflow:>3}px  {name}")
                context.close()
        browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    base = arguments.pop(0) if arguments and arguments[0].startswith("http") else "http://127.0.0.1:8000"
    shoot(base.rstrip("/"), arguments or DEFAULT_WALK)
