// Shared launcher for the browser tests: Debian's Chromium through playwright-core (never a
// downloaded browser), headless, a fresh profile, no background traffic. Every request is
// recorded; anything outside the allowed URL prefixes is aborted before it leaves the
// machine, and reported.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// bfcache: keep Chromium's back/forward cache on (playwright turns it off by default).
async function launch({ javaScriptEnabled, allowed, bypassCSP = false, bfcache = false }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lmspack-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.LMSPACK_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    javaScriptEnabled,
    bypassCSP,
    args: ARGS,
    ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [],
    viewport: { width: 1280, height: 900 },
  });
  const requests = [];
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (allowed.some((prefix) => url.startsWith(prefix))) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = context.pages()[0] || await context.newPage();
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, requests, blocked, close };
}

function readConfig() {
  return JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
}

module.exports = { launch, readConfig };
