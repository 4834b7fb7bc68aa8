"""Open the Snakemake report in headless Chromium, go to one category and one of its results, and save a
screenshot: a check that the report renders its figures. Needs Debian's chromium + chromium-driver and
`pip install selenium` (`make screenshot` installs them).

    python tools/report_screenshot.py results/report.html results/report.png --category Probing \
        --result results/figures/probing-layers.png
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By


def browser(width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # no sandbox as root; no background connections on a machine without a network
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 f"--window-size={width},{height}", f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))


def click_text(driver, text: str, timeout: float = 20.0) -> None:
    """Click the innermost visible element whose text is `text` (the report is a React page)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for element in driver.find_elements(By.XPATH, f"//*[normalize-space(text())='{text}']"):
            if element.is_displayed():
                element.click()
                time.sleep(1.0)
                return
        time.sleep(0.5)
    raise TimeoutError(f"no visible element with text {text!r} in the report")


def show_result(driver, path: str) -> None:
    """Click the eye icon in the row of result `path`, which shows the file in the report's main pane."""
    (cell,) = driver.find_elements(By.XPATH, f"//td[normalize-space(text())='{path}']")
    cell.find_element(By.XPATH, "./ancestor::tr[1]//a[@iconname='eye']").click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("screenshot", type=Path)
    parser.add_argument("--category", default="Probing")
    parser.add_argument("--result", default="results/figures/probing-layers.png", help="a result's path, as listed")
    parser.add_argument("--size", default="1400x1100")
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    driver = browser(width, height)
    try:
        driver.get(args.report.resolve().as_uri())
        click_text(driver, args.category)
        show_result(driver, args.result)
        time.sleep(2.0)  # the figure is decoded from the page itself
        driver.save_screenshot(str(args.screenshot))
        images = [i for i in driver.find_elements(By.TAG_NAME, "img") if i.is_displayed()]
        print(f"{args.screenshot}: {args.category} / {args.result}; {len(images)} image(s) shown, title "
              f"{driver.title!r}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
