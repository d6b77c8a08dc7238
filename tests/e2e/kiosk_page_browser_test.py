#!/usr/bin/python3
"""The kiosk page in a real browser: a real gongxind (mutual TLS, RocksDB) on
127.0.0.1, `gongxin kiosk serve` beside it, and Debian's Chromium driven by
chromium-driver through python3-selenium (no browser download).

Two voters vote the sample meeting (deploy/sample) through the page: one at a
kiosk viewport (1920x1080) in Chinese, one at a phone-sized viewport
(360x740) switching to English. The test checks what a voter relies on:
the staff screen shows no choice, an over-vote is refused with a message,
blank questions are flagged on review, the receipt code and its QR code
appear, the session resets, nothing chosen stays in the page's storage, in
the kiosk's state directory or in any log, touch targets are at least
12.7 mm, and the count and the audit see exactly the ballots cast.
Numbered screenshots go to ARTIFACTS (kept by the test's build directory).

Usage: kiosk_page_browser_test.py GONGXIND GONGXIN SAMPLE_DIR WORK_DIR
Exits 77 (skipped) when chromium or chromium-driver or selenium is absent.
"""
import os
import re
import shutil
import subprocess
import sys
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed")
    sys.exit(77)

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Meeting:
    def __init__(self, gongxind, gongxin, sample, work):
        self.gongxind, self.gongxin, self.work = gongxind, gongxin, work
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        for name in os.listdir(sample):
            shutil.copy(os.path.join(sample, name), work)
        self.pki = os.path.join(work, "pki")
        self.cli(["pki", "init", self.pki], connect=False)
        self.server_log = open(os.path.join(work, "gongxind.log"), "w")
        self.start_server("127.0.0.1:0")
        self.address = "127.0.0.1:" + open(os.path.join(work, "port")).read().strip()
        out = self.cli(["meeting", "create", "--spec", os.path.join(work, "meeting.yaml")])
        self.id = re.search(r"[0-9a-f]{16}", out).group(0)
        self.cli(["meeting", "announce", self.id])
        self.cli(["meeting", "open", self.id])

    def start_server(self, listen):
        port_file = os.path.join(self.work, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.server = subprocess.Popen(
            [self.gongxind, "--listen", listen, "--data-dir", os.path.join(self.work, "data"),
             "--tls-dir", self.pki, "--port-file", port_file],
            stdout=self.server_log, stderr=subprocess.STDOUT)
        for _ in range(400):
            if os.path.exists(port_file) and open(port_file).read().strip():
                return
            time.sleep(0.05)
        fail("gongxind did not start")

    def restart(self):
        # kill -9, then the same data directory and port: the kiosk page's
        # channel reconnects by itself.
        self.server.kill()
        self.server.wait()
        self.start_server(self.address)

    def cli(self, args, connect=True, role=None):
        argv = [self.gongxin]
        if connect:
            argv += ["--pki", self.pki, "--server", self.address]
            if role:
                argv += ["--as", role]
        result = subprocess.run(argv + args, capture_output=True, text=True)
        if result.returncode != 0:
            fail("gongxin %s: %s%s" % (" ".join(args), result.stdout, result.stderr))
        return result.stdout

    def stop(self):
        self.server.terminate()
        self.server.wait()


class KioskPage:
    def __init__(self, meeting, lang="zh-CN"):
        self.state = os.path.join(meeting.work, "kiosk-state")
        self.log = open(os.path.join(meeting.work, "kiosk.log"), "w")
        self.process = subprocess.Popen(
            [meeting.gongxin, "--pki", meeting.pki, "--server", meeting.address, "--lang",
             "en" if lang == "en" else "zh-CN", "kiosk", "--state-dir", self.state, "serve",
             meeting.id, "--listen", "127.0.0.1:0", "--roll",
             os.path.join(meeting.work, "voters.csv")],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        check(match, "kiosk serve printed no address: %r" % line)
        self.url = match.group(0)

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Browser:
    # `home`: the HOME the browser runs with, whose NSS store
    # (.pki/nssdb) holds the certificate authorities it trusts beyond the
    # system's (the phone-page test installs the room CA there).
    def __init__(self, artifacts, name, width, height, home=None):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=%d,%d" % (width, height), "--force-device-scale-factor=1",
                     "--lang=zh-CN"):
            options.add_argument(flag)
        env = dict(os.environ, HOME=home) if home else None
        self.driver = webdriver.Chrome(service=Service(DRIVER, env=env), options=options)
        # The viewport itself, touch enabled, at the declared density.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800})
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})
        self.artifacts = artifacts
        self.name = name
        self.shots = 0

    def shot(self, name):
        self.shots += 1
        path = os.path.join(self.artifacts, "%s-%02d-%s.png" % (self.name, self.shots, name))
        self.driver.save_screenshot(path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    @staticmethod
    def gone(element):
        try:
            element.is_enabled()
            return False
        except Exception:  # stale, or no longer in the document: replaced
            return True

    def reach(self, element):
        # Scrolled to the middle, clear of the fixed bar of display controls,
        # as a voter would scroll before touching it.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)

    def click_label(self, text):
        for label in self.driver.find_elements(By.CSS_SELECTOR, "label.opt"):
            if label.text.split("\n")[0].startswith(text):
                self.reach(label)
                label.click()
                return
        fail("no option %r on:\n%s" % (text, self.text()))

    def button(self, text):
        # Every button submits a form: wait for the next page.
        for b in self.driver.find_elements(By.TAG_NAME, "button"):
            if b.text.strip() == text:
                old = self.driver.find_element(By.TAG_NAME, "html")
                self.reach(b)
                b.click()
                WebDriverWait(self.driver, 10).until(lambda d: self.gone(old))
                return
        fail("no button %r on:\n%s" % (text, self.text()))

    def smallest_target_mm(self):
        # CSS px are 1/96 in at the declared density (scale factor 1).
        sizes = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('button, label.opt span'))"
            ".filter(e => e.offsetParent !== null)"
            ".map(e => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height));")
        return min(sizes) * 25.4 / 96 if sizes else 0

    def lowest_contrast(self):
        """The lowest WCAG 2 contrast ratio between a visible text element's
        colour and the background it sits on (the first opaque one up the
        tree), over the options, buttons, headings and paragraphs."""
        pairs = self.driver.execute_script("""
            const opaque = e => { for (; e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor;
                if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }
              return 'rgb(255, 255, 255)'; };
            return Array.from(document.querySelectorAll('label.opt span, button, h1, h2, p'))
              .filter(e => e.offsetParent !== null && e.innerText.trim() !== '')
              .map(e => [getComputedStyle(e).color, opaque(e), e.innerText.slice(0, 20)]);""")

        def luminance(css):
            r, g, b = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
            lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
            return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

        worst = (99.0, "")
        for fg, bg, text in pairs:
            a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
            worst = min(worst, ((a + 0.05) / (b + 0.05), text))
        return worst

    def storage_is_empty(self):
        return self.driver.execute_script(
            "return localStorage.length === 0 && sessionStorage.length === 0 && document.cookie === '';")

    def no_horizontal_scroll(self):
        return self.driver.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")


def vote(browser, page, voter_id, english, restart=None):
    d = browser.driver
    d.get(page.url + "?q=" + voter_id)
    browser.shot("staff-search")
    staff = browser.text()
    check(voter_id in staff, "the staff search does not list %s" % voter_id)
    browser.button("签到")
    check("王建国" not in browser.text(), "the hand-over screen shows a candidate")
    browser.shot("hand-over")
    browser.button("开始投票")
    if english:
        browser.button("English")
        check("Choose up to 1" in browser.text(), "English did not take:\n" + browser.text())
    words = {"next": "Next" if english else "下一题", "review": "Review" if english else "核对选票",
             "confirm": "Cast my ballot" if english else "确认投票",
             "finish": "Finish" if english else "完成"}
    # 副局长: an over-vote is refused with a message, then one choice.
    browser.click_label("王建国")
    browser.click_label("刘海燕")
    browser.shot("overvote-marked")
    browser.button(words["next"])
    message = browser.text()
    check(("最多选择 1 人" in message) or ("at most 1" in message),
          "no over-vote message:\n" + message)
    browser.shot("overvote-refused")
    check(browser.smallest_target_mm() >= 12.7,
          "a touch target is %.1f mm" % browser.smallest_target_mm())
    check(browser.no_horizontal_scroll(), "the page scrolls sideways")
    ratio, text = browser.lowest_contrast()
    check(ratio >= 4.5, "contrast %.2f:1 below 4.5:1 at %r" % (ratio, text))
    print("%s: smallest target %.1f mm, lowest contrast %.2f:1 (%s)"
          % (voter_id, browser.smallest_target_mm(), ratio, text.replace("\n", " ")))
    browser.click_label("王建国")  # unselect: 刘海燕 stays
    browser.button(words["next"])
    # 股室负责人: two of the list.
    browser.click_label("黄晓东")
    browser.click_label("石秀英")
    browser.shot("second-question")
    browser.button(words["next"])
    # The assessment: one subject graded, the other left blank.
    browser.shot("graded")
    labels = d.find_elements(By.CSS_SELECTOR, "fieldset")
    check(len(labels) >= 2, "the graded question has no subjects:\n" + browser.text())
    first_grade = labels[0].find_elements(By.CSS_SELECTOR, "label.opt")[0]
    browser.reach(first_grade)
    first_grade.click()
    browser.button(words["review"])
    review = browser.text()
    browser.shot("review")
    check("刘海燕" in review, "review lacks the choice:\n" + review)
    check(("未作选择" in review) or ("Nothing chosen" in review), "no blank flagged:\n" + review)
    if restart is not None:
        # The server dies and comes back while the voter reviews: the
        # filled ballot waits in the page and is cast afterwards.
        restart()
        check("刘海燕" in browser.text(), "the review lost the choice over a restart")
        browser.button(words["confirm"])
        # The first press may go out on the dead connection: then the page
        # says so and keeps every answer; the second press casts.
        if "cannot be reached" in browser.text() or "连接不上" in browser.text():
            browser.shot("server-restarting")
            check("刘海燕" in browser.text(), "the choices were lost with the connection")
            browser.button(words["confirm"])
    else:
        browser.button(words["confirm"])
    done = browser.text()
    browser.shot("receipt")
    codes = sorted(set(re.findall(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]", done)))
    check(len(codes) == 3, "expected 3 receipt codes (3 forms):\n" + done)
    check(len(d.find_elements(By.CSS_SELECTOR, "svg title")) == 3, "no QR code per receipt")
    check(browser.storage_is_empty(), "the page stored something")
    browser.button(words["finish"])
    after = browser.text()
    browser.shot("reset")
    # Back at the staff's screen (the roll lists candidates who are voters
    # too, so names alone prove nothing): no code, no mark, no answer.
    check("工作人员" in after or "Staff" in after, "not back at the staff screen:\n" + after)
    for leftover in codes + ["已选", "selected", "石秀英、黄晓东", "胜任"]:
        check(leftover not in after, "%r stays on screen:\n%s" % (leftover, after))
    return codes


def main():
    gongxind, gongxin, sample, work = sys.argv[1:5]
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        print("SKIP: chromium or chromium-driver is not installed")
        return 77
    artifacts = os.path.join(work, "screenshots")
    meeting = Meeting(gongxind, gongxin, sample, work)
    os.makedirs(artifacts)
    page = KioskPage(meeting)
    try:
        kiosk = Browser(artifacts, "kiosk-1920x1080-zh", 1920, 1080)
        codes = vote(kiosk, page, "v001", english=False)
        kiosk.driver.quit()
        phone = Browser(artifacts, "phone-360x740-en", 360, 740)
        codes += vote(phone, page, "v002", english=True, restart=meeting.restart)
        phone.driver.quit()
    finally:
        page.stop()
    meeting.cli(["meeting", "close", meeting.id])
    meeting.cli(["tally", "count", meeting.id], role="officer")
    csv = meeting.cli(["tally", "show", meeting.id, "--format", "csv"], role="officer")
    check("rec,deputy-head,副局长,candidate,c2,刘海燕,2," in csv,
          "the count does not show both votes for 刘海燕:\n" + csv)
    check("rec,section-chiefs,股室负责人,candidate,s5,黄晓东,2," in csv,
          "the count does not show both votes for 黄晓东:\n" + csv)
    export = os.path.join(work, "meeting.gxe")
    meeting.cli(["audit", "export", meeting.id, "--out", export], role="auditor")
    key = os.path.join(work, "server.pem")
    with open(key, "w") as f:
        f.write(subprocess.run([gongxind, "--data-dir", os.path.join(work, "data"),
                                "--print-public-key"], capture_output=True, text=True).stdout)
    verified = meeting.cli(["audit", "verify", export, "--trust", key], connect=False)
    check("OK: meeting" in verified, "audit verify: " + verified)
    # Each code the page showed names a ballot in the verified record; a
    # mistyped one is refused with what is wrong.
    for code in codes:
        found = meeting.cli(["receipt", "check", code.lower(), "--meeting", meeting.id, "--trust",
                             key, "--export", export], connect=False)
        check("已计入" in found, "receipt code %s: %s" % (code, found))
    typo = codes[0][:-1] + ("A" if codes[0][-1] != "A" else "B")
    refused = subprocess.run([gongxin, "receipt", "check", typo, "--meeting", meeting.id, "--trust",
                              key, "--export", export], capture_output=True, text=True)
    check(refused.returncode != 0 and "check character" in refused.stderr,
          "a mistyped code was not refused: %s%s" % (refused.stdout, refused.stderr))
    meeting.stop()
    # Nothing chosen in the kiosk's files or in any log.
    for root, _, files in os.walk(page.state):
        for name in files:
            data = open(os.path.join(root, name), "rb").read()
            # Names, and a serialised choice (Answer.choices, field 2).
            for word in ("刘海燕".encode(), "黄晓东".encode(), b"\x12\x02c2", b"\x12\x02s5"):
                check(word not in data, "the kiosk state holds %r" % word)
    for log in ("kiosk.log", "gongxind.log"):
        text = open(os.path.join(work, log), encoding="utf-8", errors="replace").read()
        for word in ("刘海燕", "黄晓东", "石秀英"):
            check(word not in text, "%s names %s" % (log, word))
    print("OK: 2 voters through the kiosk page, %d receipts, %d screenshots in %s"
          % (len(codes), kiosk.shots + phone.shots, artifacts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
