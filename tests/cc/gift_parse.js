// Parse a GIFT file with gift-pegjs (pinned in package-lock.json) and print its questions
// as JSON: the independent reader of lmspack's GIFT bank (tests/cc/test_banks.py).
"use strict";
const fs = require("fs");
const gift = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
process.stdout.write(JSON.stringify(gift.parse(text)));
