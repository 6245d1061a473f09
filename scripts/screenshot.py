"""Take a PNG screenshot of an accordgraph view with headless Chromium, off the network.

    python scripts/screenshot.py graph/view.html -o docs/view.png --hover SYR

Uses Debian's /usr/bin/chromium through Playwright (never a downloaded browser), a
fresh profile, and blocks every request outside file://; it refuses to save a picture
of a page that tried to reach the network or logged an error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
OFFLINE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def screenshot(view: Path, out: Path, width: int, height: int, hover: str | None) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=OFFLINE_FLAGS,
            viewport={"width": width, "height": height},
            device_scale_factor=1,
        )
        try:
            page = context.new_page()
            page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(f"error: {exc}"))
            page.on(
                "request",
                lambda r: None if r.url.startswith(LOCAL_SCHEMES) else problems.append(f"request: {r.url}"),
            )
            page.route(
                "**/*",
                lambda route: route.continue_()
                if route.request.url.startswith(LOCAL_SCHEMES)
                else route.abort(),
            )
            page.goto(view.resolve().as_uri())
            page.wait_for_function("typeof network !== 'undefined' && network.body !== undefined")
            page.wait_for_timeout(300)
            if hover:
                point = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", hover)
                box = page.locator("#mynetwork").bounding_box()
                page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
                page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
            if problems:
                raise SystemExit("not saved: " + "; ".join(problems))
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("view", nargs="?", default="graph/view.html", type=Path, help="the HTML view")
    parser.add_argument("-o", "--output", default="docs/view.png", type=Path, help="the PNG to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=760)
    parser.add_argument("--hover", metavar="NODE", help="show this node's tooltip (e.g. SYR)")
    args = parser.parse_args(argv)
    if not args.view.is_file():
        parser.error(f"no view at {args.view}; run 'accordgraph view' first")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium")
    screenshot(args.view, args.output, args.width, args.height, args.hover)
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
