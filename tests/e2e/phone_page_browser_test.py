#!/usr/bin/python3
"""Voting by phone with printed slips, in a real browser: a real gongxind
(mutual TLS, RocksDB) on 127.0.0.1, `gongxin kiosk phones` serving HTTPS
with a certificate from the room's CA, and Debian's Chromium at a phone's
viewport (360x740, touch) trusting that CA from its own certificate store
(certutil, as a phone's owner installs it) — no warning clicked through.

Two meetings, as a room would run them:
- the sample recommendation (deploy/sample/meeting.yaml), whose voters all
  receive a named form: the sign-in desk (the kiosk page's staff screen)
  checks v003 in by phone with the code of the slip it hands over, binding
  it; the phone votes all three forms in Chinese;
- the sample evaluation (deploy/sample/evaluation.yaml), anonymous forms
  only: the desk checks v020 in by phone without scanning; a phone votes in
  English with a slip drawn from the stack.
Then the refusals a phone meets, in the voter's words: a used slip, a void
slip, a mistyped code, and a slip used before its voter signed in. Both
meetings are closed, counted and verified by `audit verify`, which reports
the slips per group; nothing chosen is in any log or in the page's storage.
The room's big screen (`kiosk screen`, 1920x1080) follows the recommendation:
应到/实到/已投票 per form while voting, no result before publication, the
result with its charts once published.
Numbered screenshots, and the printed slip sheet rendered, go to ARTIFACTS.

Usage: phone_page_browser_test.py GONGXIND GONGXIN SAMPLE_DIR WORK_DIR
Exits 77 (skipped) when chromium, chromium-driver, selenium or certutil is
absent.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_page_browser_test import (CHROMIUM, DRIVER, Browser, KioskPage, Meeting,  # noqa: E402
                                     check, fail)
from selenium.webdriver.common.by import By  # noqa: E402

CERTUTIL = "/usr/bin/certutil"
CODE = r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]"


class PhonePage:
    def __init__(self, meeting, meeting_id, cert, key, log_name):
        self.log = open(os.path.join(meeting.work, log_name), "w")
        self.process = subprocess.Popen(
            [meeting.gongxin, "--pki", meeting.pki, "--server", meeting.address, "kiosk", "phones",
             meeting_id, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"https://127\.0\.0\.1:\d+/", line)
        check(match, "kiosk phones printed no address: %r" % line)
        self.url = match.group(0)

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Screen:
    def __init__(self, meeting, meeting_id):
        self.log = open(os.path.join(meeting.work, "screen.log"), "w")
        self.process = subprocess.Popen(
            [meeting.gongxin, "--pki", meeting.pki, "--server", meeting.address, "kiosk", "screen",
             meeting_id, "--listen", "127.0.0.1:0", "--refresh", "2"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        check(match, "kiosk screen printed no address: %r" % line)
        self.url = match.group(0)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def screen_row(browser, form_title):
    """The numbers of a form's row on the big screen: due, present, voted."""
    for row in browser.driver.find_elements(By.CSS_SELECTOR, "tr"):
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        if cells and cells[0] == form_title:
            return [int(c) for c in cells[1:]]
    fail("no row for %s on the screen:\n%s" % (form_title, browser.text()))


def trust_room_ca(home, ca):
    nssdb = os.path.join(home, ".pki", "nssdb")
    os.makedirs(nssdb)
    for args in (["-N", "--empty-password"], ["-A", "-t", "C,,", "-n", "gongxin room CA", "-i", ca]):
        result = subprocess.run([CERTUTIL, "-d", "sql:" + nssdb] + args, capture_output=True,
                                text=True)
        check(result.returncode == 0, "certutil %s: %s" % (args, result.stderr))


def print_slips(meeting, meeting_id, group, count, page_url, name):
    out = os.path.join(meeting.work, name)
    meeting.cli(["meeting", "slips", meeting_id, "--group", group, "--count", str(count),
                 "--page", page_url.rstrip("/"), "--ca-cert", os.path.join(meeting.pki, "ca.pem"),
                 "--out", out])
    html = open(out, encoding="utf-8").read()
    codes = re.findall(CODE, html)
    codes = list(dict.fromkeys(codes))
    check(len(codes) == count, "expected %d slip codes in %s, found %d" % (count, name, len(codes)))
    check(html.count("<svg") >= count, "a slip has no QR code")
    return out, codes


def slip_url(page, code):
    return page.url + "s/" + code.replace("-", "")


def vote_through(browser, english):
    """Marks the first option of each subject or question, page by page, then
    casts; returns the receipt codes."""
    words = {"next": "Next" if english else "下一题", "confirm": "Cast my ballot" if english else "确认投票",
             "review": "Please check your choices" if english else "请核对您的选择"}
    for _ in range(20):
        if words["review"] in browser.text():
            break
        fieldsets = browser.driver.find_elements(By.CSS_SELECTOR, "fieldset")
        groups = [f for f in fieldsets if f.find_elements(By.CSS_SELECTOR, "label.opt")]
        targets = [g.find_elements(By.CSS_SELECTOR, "label.opt")[0] for g in groups]
        if not targets:
            targets = browser.driver.find_elements(By.CSS_SELECTOR, "label.opt")[:1]
        for label in targets:
            browser.reach(label)
            label.click()
        browser.button(words["next"])
    else:
        fail("never reached the review:\n" + browser.text())
    browser.shot("review")
    check(browser.smallest_target_mm() >= 12.7, "a touch target is %.1f mm" % browser.smallest_target_mm())
    check(browser.no_horizontal_scroll(), "the phone page scrolls sideways")
    ratio, text = browser.lowest_contrast()
    check(ratio >= 4.5, "contrast %.2f:1 below 4.5:1 at %r" % (ratio, text))
    print("%s: smallest target %.1f mm, lowest contrast %.2f:1"
          % (browser.name, browser.smallest_target_mm(), ratio))
    browser.button(words["confirm"])
    check(browser.no_horizontal_scroll(), "the receipts scroll sideways")
    browser.shot("receipt")
    return sorted(set(re.findall(CODE, browser.text())))


def refused(browser, url, words, name):
    browser.driver.get(url)
    browser.shot(name)
    text = browser.text()
    check(words in text, "%s: expected %r on the phone:\n%s" % (name, words, text))


def type_code(browser, page, code, name):
    browser.driver.get(page.url)
    box = browser.driver.find_element(By.NAME, "code")
    box.send_keys(code)
    browser.shot(name + "-typed")
    button = browser.driver.find_element(By.CSS_SELECTOR, "form[action='/slip'] button")
    old = browser.driver.find_element(By.TAG_NAME, "html")
    button.click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(browser.driver, 10).until(lambda d: browser.gone(old))
    browser.shot(name)
    return browser.text()


def main():
    gongxind, gongxin, sample, work = sys.argv[1:5]
    for tool in (CHROMIUM, DRIVER, CERTUTIL):
        if not os.path.exists(tool):
            print("SKIP: %s is not installed" % tool)
            return 77
    artifacts = os.path.join(work, "screenshots")
    meeting = Meeting(gongxind, gongxin, sample, work)
    os.makedirs(artifacts)
    # The page's certificate from the room CA, for the address phones use.
    meeting.cli(["pki", "issue-server", meeting.pki, "--name", "phone-page", "--ip", "127.0.0.1"],
                connect=False)
    cert = os.path.join(meeting.pki, "phone-page.pem")
    key = os.path.join(meeting.pki, "phone-page.key")
    home = os.path.join(work, "phone-home")
    trust_room_ca(home, os.path.join(meeting.pki, "ca.pem"))

    # The evaluation meeting: anonymous forms only.
    out = meeting.cli(["meeting", "create", "--spec", os.path.join(work, "evaluation.yaml")])
    evaluation = re.search(r"[0-9a-f]{16}", out).group(0)
    meeting.cli(["meeting", "announce", evaluation])

    screen = Screen(meeting, meeting.id)
    big = Browser(artifacts, "screen-1920x1080-zh", 1920, 1080)
    big.driver.get(screen.url)
    big.shot("voting-open")
    check(screen_row(big, "民主推荐票") == [30, 0, 0], "the screen before anyone voted: %s"
          % screen_row(big, "民主推荐票"))
    named_page = PhonePage(meeting, meeting.id, cert, key, "phones-rec.log")
    anon_page = PhonePage(meeting, evaluation, cert, key, "phones-eval.log")
    desk = KioskPage(meeting)
    codes = []
    try:
        sheet, leader_slips = print_slips(meeting, meeting.id, "leaders", 2, named_page.url,
                                          "slips-leaders.html")
        # Printed before the meeting opens, as a room would.
        _, staff_slips = print_slips(meeting, evaluation, "staff", 4, anon_page.url,
                                     "slips-staff.html")
        meeting.cli(["meeting", "open", evaluation])
        # The printed sheet as it comes out of the printer (A4 portrait).
        paper = Browser(artifacts, "slips-a4", 794, 1123, home=home)
        paper.driver.get("file://" + sheet)
        paper.shot("sheet")
        paper.driver.quit()

        # The sign-in desk binds v003's slip (the recommendation is named).
        deskb = Browser(artifacts, "desk-1920x1080-zh", 1920, 1080)
        deskb.driver.get(desk.url + "?q=v003")
        row = [r for r in deskb.driver.find_elements(By.CSS_SELECTOR, "tr") if "v003" in r.text][0]
        row.find_element(By.NAME, "slip").send_keys(leader_slips[0].lower())
        deskb.shot("slip-scanned")
        old = deskb.driver.find_element(By.TAG_NAME, "html")
        row.find_element(By.CSS_SELECTOR, "form[action='/checkin-slip'] button").click()
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(deskb.driver, 10).until(lambda d: deskb.gone(old))
        deskb.shot("checked-in-by-phone")
        check("用手机投票" in deskb.text(), "the desk did not confirm:\n" + deskb.text())
        deskb.driver.quit()

        # v003's phone, in Chinese: every form of the meeting.
        phone = Browser(artifacts, "phone-rec-360x740-zh", 360, 740, home=home)
        phone.driver.get(slip_url(named_page, leader_slips[0]))
        phone.shot("opened")
        check("手机投票" in phone.driver.title and "投票终端" not in phone.driver.title,
              "not the phone page: %r" % phone.driver.title)
        got = vote_through(phone, english=False)
        check(len(got) == 3, "expected 3 receipts (rec, assess, sat):\n" + phone.text())
        codes += [(meeting.id, c) for c in got]
        check(phone.storage_is_empty(), "the phone page stored something")
        phone.button("完成")
        phone.shot("done")
        check("选票码已失效" in phone.text(), "no end screen:\n" + phone.text())
        refused(phone, slip_url(named_page, leader_slips[0]), "已经用过", "used-slip")
        # The other leaders' slip: not bound, and this meeting's every voter
        # has a named form, so it serves nobody.
        refused(phone, slip_url(named_page, leader_slips[1]), "请先到签到处签到", "unbound-slip")
        phone.driver.quit()
        # The big screen follows: one voter present and voted, no result.
        big.driver.get(screen.url)
        big.shot("one-voted")
        check(screen_row(big, "民主推荐票") == [30, 1, 1], "the screen after one phone voted: %s"
              % screen_row(big, "民主推荐票"))
        check("王建国" not in big.text(), "the screen shows a candidate while voting")

        # The evaluation: v020 signs in by phone, nothing scanned.
        meeting.cli(["kiosk", "checkin", "--meeting", evaluation, "--voter", "v020", "--by-slip"])
        meeting.cli(["meeting", "void-slip", evaluation, staff_slips[3]])
        phone = Browser(artifacts, "phone-eval-360x740-en", 360, 740, home=home)
        text = type_code(phone, anon_page, staff_slips[2][:-1] + ("A" if staff_slips[2][-1] != "A" else "B"),
                         "mistyped")
        check("有误" in text, "a mistyped code was not refused:\n" + text)
        refused(phone, slip_url(anon_page, staff_slips[3]), "已作废", "void-slip")
        phone.driver.get(slip_url(anon_page, staff_slips[1]))
        phone.button("English")
        check("vote by phone" in phone.driver.title, "English did not take: %r" % phone.driver.title)
        got = vote_through(phone, english=True)
        check(len(got) == 2, "expected 2 receipts (assess, sat):\n" + phone.text())
        codes += [(evaluation, c) for c in got]
        phone.button("Finish")
        check("slip is used up" in phone.text(), "no end screen:\n" + phone.text())
        # One voter signed in by slip, one slip used: no other slip votes.
        refused(phone, slip_url(anon_page, staff_slips[0]), "请先到签到处签到", "before-sign-in")
        refused(phone, slip_url(anon_page, staff_slips[1]), "已经用过", "used-slip")
        phone.driver.quit()
    finally:
        desk.stop()
        named_page.stop()
        anon_page.stop()
        if sys.exc_info()[0] is not None:
            screen.stop()

    key_file = os.path.join(work, "server.pem")
    with open(key_file, "w") as f:
        f.write(subprocess.run([gongxind, "--data-dir", os.path.join(work, "data"),
                                "--print-public-key"], capture_output=True, text=True).stdout)
    summaries = {}
    for meeting_id, group in ((meeting.id, "leaders"), (evaluation, "staff")):
        meeting.cli(["meeting", "close", meeting_id])
        meeting.cli(["tally", "count", meeting_id], role="officer")
        export = os.path.join(work, meeting_id + ".gxe")
        meeting.cli(["audit", "export", meeting_id, "--out", export], role="auditor")
        verified = meeting.cli(["audit", "verify", export, "--trust", key_file], connect=False)
        check("OK: meeting" in verified, "audit verify: " + verified)
        summaries[meeting_id] = verified
        for m, code in codes:
            if m != meeting_id:
                continue
            found = meeting.cli(["receipt", "check", code, "--meeting", meeting_id, "--trust", key_file,
                                 "--export", export], connect=False)
            check("已计入" in found, "receipt code %s: %s" % (code, found))
    # Counted but not yet published: still no result on the screen.
    big.driver.get(screen.url)
    big.shot("counted-unpublished")
    check("王建国" not in big.text() and "投票期间不显示任何结果" in big.text(),
          "the screen shows a result before publication:\n" + big.text())
    meeting.cli(["meeting", "publish", meeting.id])
    big.driver.get(screen.url)
    big.shot("published")
    check("王建国" in big.text() and len(big.driver.find_elements(By.CSS_SELECTOR, "svg")) > 0,
          "the published result (with its charts) is not on the screen:\n" + big.text()[:2000])
    big.driver.quit()
    screen.stop()
    check("leaders 2 printed, 0 void, 1 used, 1 checked in by slip" in summaries[meeting.id],
          "the recommendation's slips: " + summaries[meeting.id])
    check("staff 4 printed, 1 void, 1 used, 1 checked in by slip" in summaries[evaluation],
          "the evaluation's slips: " + summaries[evaluation])
    meeting.stop()
    # No slip code and no choice in any log.
    for log in ("phones-rec.log", "phones-eval.log", "kiosk.log", "screen.log", "gongxind.log"):
        text = open(os.path.join(work, log), encoding="utf-8", errors="replace").read()
        for code in leader_slips + staff_slips:
            check(code not in text and code.replace("-", "") not in text, "%s names a slip" % log)
        for word in ("王建国", "石秀英", "马文华"):
            check(word not in text, "%s names %s" % (log, word))
    print("OK: 2 phones voted with slips, %d receipts checked, refusals shown; screenshots in %s"
          % (len(codes), artifacts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
