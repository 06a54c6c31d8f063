#!/usr/bin/env python3
"""Counts test cases in meson's testlog.json and prints 'N passed, N failed'.

A TAP test contributes each of its 'ok' / 'not ok' lines; any other test
counts once. A test program that crashed or timed out counts as failed
even when its TAP lines said ok.
"""
import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        result = json.loads(line)
        status = result.get("result")
        stdout = result.get("stdout", "")
        if re.search(r"^1\.\.\d+", stdout, re.M) or "TAP version" in stdout:
            oks = nots = skips = 0
            for out in stdout.splitlines():
                if re.match(r"^ok \d+.*# SKIP", out):
                    skips += 1
                elif re.match(r"^ok \d+", out):
                    oks += 1
                elif re.match(r"^not ok \d+", out):
                    nots += 1
            passed += oks
            skipped += skips
            failed += nots
            if status not in ("OK", "SKIP", "EXPECTEDFAIL") and nots == 0:
                failed += 1
        elif status in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif status == "SKIP":
            skipped += 1
        else:
            failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
