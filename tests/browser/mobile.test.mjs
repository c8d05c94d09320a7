// A small phone (360 x 740 CSS pixels, a mobile browser that honours the
// viewport meta tag): the main pages scroll only vertically, their heading
// and controls lie within the screen, and logging out stays reachable.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, login, visit, DEMO,
} from './harness.mjs';
import { demoFixtures, mainPages } from './fixtures.mjs';

const WIDTH = 360;
let server, browser, page, fx;

// controls in <main> (and the header) that stick out of the screen; those
// inside a box that scrolls sideways itself (a wide table) are fine
const OUTSIDE = (width) => {
	const out = [];
	const scrolls = (e) => {
		for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll')
				return true;
		}
		return false;
	};
	for (const e of document.querySelectorAll('main :is(a, button, input, select, textarea, label, h1, h2, p, table), header :is(a, button)')) {
		const r = e.getBoundingClientRect();
		const cs = getComputedStyle(e);
		if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden')
			continue;
		if (e.type === 'hidden' || e.closest('[hidden], .utrecht-visually-hidden, .visually-hidden'))
			continue;
		// visually hidden (skip links, screen-reader texts): 1px boxes clipped away
		if (r.width <= 1 && r.height <= 1)
			continue;
		if ((r.left < -1 || r.right > width + 1) && !scrolls(e)) {
			let d = e.tagName.toLowerCase();
			if (e.id) d += `#${e.id}`;
			if (e.name) d += `[name=${e.name}]`;
			if (e.className && typeof e.className === 'string') d += '.' + e.className.trim().split(/\s+/).join('.');
			out.push(`${d} "${(e.textContent || '').trim().slice(0, 30)}" spans x ${Math.round(r.left)}..${Math.round(r.right)}`);
		}
	}
	return out;
};

describe(`small screen (${WIDTH}px)`, () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		fx = await demoFixtures(server);
		page = await newPage(browser, server, {
			viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
		});
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('login page', async () => {
		await visit(page, '/login');
		await checkPage('login page');
		const button = page.locator('form:has([name=password]) :is(button, input[type=submit])').first();
		assert.ok(await button.isVisible(), 'login page: the submit button is not visible');
		await login(page, DEMO);
	});

	it('every main page', async (t) => {
		for (const p of mainPages(fx)) {
			await t.test(`${p.label} ${p.path}`, async () => {
				await visit(page, p.path);
				await checkPage(`${p.label} (${p.path})`);
			});
		}
	});

	it('logging out is reachable (directly or behind a menu button)', async () => {
		await visit(page, '/');
		const logoutButton = page.locator('form[action$="/logout"] :is(button, input[type=submit])').first();
		assert.equal(await logoutButton.count(), 1, 'no logout button (form[action$="/logout"] button)');
		if (!(await logoutButton.isVisible())) {
			const toggle = page.locator('header :is(button[aria-expanded], summary)').first();
			assert.ok(await toggle.count() && await toggle.isVisible(),
				'the logout button is hidden and there is no visible menu button (header button[aria-expanded] or summary)');
			await toggle.tap();
			assert.ok(await logoutButton.isVisible(), 'the menu button does not show the logout button');
		}
		const box = await logoutButton.boundingBox();
		assert.ok(box && box.x >= -1 && box.x + box.width <= WIDTH + 1,
			`the logout button lies outside the screen (${JSON.stringify(box)})`);
	});
});

async function checkPage(label) {
	const m = await page.evaluate(() => ({
		doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
		viewport: document.querySelector('meta[name=viewport]')?.content ?? null,
		inner: window.innerWidth,
	}));
	assert.ok(m.viewport && /width=device-width/.test(m.viewport),
		`${label}: no <meta name="viewport" content="width=device-width, ..."> (got ${m.viewport})`);
	assert.ok(m.doc <= WIDTH && m.body <= WIDTH,
		`${label}: scrolls sideways: document.documentElement.scrollWidth ${m.doc}, body ${m.body} > ${WIDTH}` +
		`; sticking out: ${(await page.evaluate(OUTSIDE, WIDTH)).slice(0, 10).join('; ')}`);
	const h1 = page.locator('h1').first();
	assert.ok(await h1.count() && await h1.isVisible(), `${label}: no visible <h1>`);
	const out = await page.evaluate(OUTSIDE, WIDTH);
	assert.deepEqual(out, [], `${label}: elements outside the ${WIDTH}px screen:\n  ${out.join('\n  ')}`);
	// the forms' submit buttons are there to be tapped
	const submits = page.locator('main form[method=post i] :is(button:not([type]), button[type=submit], input[type=submit])');
	const n = await submits.count();
	for (let i = 0; i < n; i++) {
		const b = submits.nth(i);
		if (!(await b.isVisible()))
			continue;
		const box = await b.boundingBox();
		assert.ok(box.height >= 24 && box.width >= 24,
			`${label}: the button "${(await b.innerText()).trim()}" is smaller than 24x24 (${Math.round(box.width)}x${Math.round(box.height)})`);
	}
}
