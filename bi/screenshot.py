"""A PNG of a Superset chart, taken with headless Chromium through Selenium and the
system chromedriver (Debian packages `chromium` and `chromium-driver`)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import requests

from bi.processes import CheckError

CHROMEDRIVER_NAMES = ("chromedriver", "chromium.chromedriver")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def session_cookie(base_url: str, username: str, password: str) -> str:
    """Log in through the web form (as a browser would) and return the `session` cookie."""
    http = requests.Session()
    resp = http.post(f"{base_url}/login/", data={"username": username, "password": password},
                     timeout=60, allow_redirects=False)
    cookie = http.cookies.get("session")
    if resp.status_code not in (200, 302) or not cookie:
        raise CheckError(f"web log-in answered {resp.status_code} without a session cookie")
    return cookie


def chart_png(base_url: str, chart_id: int, cookie: str, out: Path, timeout: float = 90.0,
              size: tuple[int, int] = (1100, 620)) -> None:
    """Open the chart's standalone explore page, wait until it has drawn, save a PNG."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    driver_path = next((p for p in map(shutil.which, CHROMEDRIVER_NAMES) if p), None)
    browser_path = next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    if not driver_path or not browser_path:
        raise CheckError("no chromium/chromedriver on PATH (apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={size[0]},{size[1]}", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.set_page_load_timeout(timeout)
        driver.get(f"{base_url}/health")
        driver.add_cookie({"name": "session", "value": cookie, "path": "/"})
        driver.get(f"{base_url}/explore/?slice_id={chart_id}&standalone=1")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            drawn = driver.find_elements(By.CSS_SELECTOR, ".chart-container canvas, .chart-container svg")
            loading = driver.find_elements(By.CSS_SELECTOR, ".loading, [data-test='loading-indicator']")
            if drawn and not loading:
                break
            time.sleep(0.5)
        else:
            raise CheckError(f"chart {chart_id} did not draw within {timeout:.0f} s")
        time.sleep(2.0)  # the bars' entry animation
        out.parent.mkdir(parents=True, exist_ok=True)
        if not driver.save_screenshot(str(out)):
            raise CheckError(f"could not write {out}")
    finally:
        driver.quit()
