// Keyboard only: the request form filled and sent with Tab, Shift+Tab,
// Space, arrow keys, typing and Enter (no clicks), every focus stop showing
// where the focus is (an outline or a box-shadow while :focus-visible), and
// landing on the new case.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, login, visit, caseIdFrom, isoDate, USERS,
} from './harness.mjs';

let server, browser, page;

// what the focused element is, and whether one can see it has the focus
const FOCUS = () => {
	const e = document.activeElement;
	if (!e || e === document.body)
		return { none: true };
	const cs = getComputedStyle(e);
	const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
	const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
	// a date or time input has stops of its own inside (Chromium: the day,
	// month and year, then the calendar button); on the calendar button the
	// input matches only :focus-within, and the browser draws that ring
	const segmented = /^(date|time|datetime-local|month|week)$/.test(e.type) && e.matches(':focus-within');
	const r = e.getBoundingClientRect();
	let desc = e.tagName.toLowerCase();
	if (e.id) desc += `#${e.id}`;
	if (e.name) desc += `[name=${e.name}]`;
	if (e.type === 'checkbox' || e.type === 'radio') desc += `[value=${e.value}]`;
	if (desc === 'a' || desc === 'button') desc += ` "${e.textContent.trim().slice(0, 40)}"`;
	return {
		desc, name: e.name || null, type: (e.type || '').toLowerCase(), tag: e.tagName.toLowerCase(),
		value: e.value, checked: !!e.checked, href: e.getAttribute('href'),
		focusVisible: e.matches(':focus-visible') || segmented, indicator: outline || shadow || segmented,
		size: r.width > 0 && r.height > 0,
		submit: (e.tagName === 'BUTTON' && (e.type || 'submit') === 'submit') || (e.tagName === 'INPUT' && e.type === 'submit'),
		inForm: !!e.closest('form:has([name=main_persons])'),
	};
};

let invisible = [];
async function focus() {
	const f = await page.evaluate(FOCUS);
	if (!f.none && (!f.focusVisible || !f.indicator || !f.size))
		invisible.push(`${f.desc}: ${!f.size ? 'has no size' : !f.focusVisible ? 'does not match :focus-visible' : 'has no outline or box-shadow'}`);
	return f;
}

/** Tab (or Shift+Tab) until test(focus) holds; fails after max presses. */
async function tabUntil(test, what, { back = false, max = 120 } = {}) {
	const seen = [];
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		const f = await focus();
		seen.push(f.desc ?? '(body)');
		if (!f.none && test(f))
			return f;
	}
	assert.fail(`${back ? 'Shift+Tab' : 'Tab'} never reached ${what} within ${max} presses; focus went: ${seen.slice(0, 60).join(' → ')}`);
}

const toField = (name, value) => tabUntil((f) => f.name === name && (value === undefined || f.value === value),
	value === undefined ? `the field name="${name}"` : `the field name="${name}" value="${value}"`);

/** A select or radio group, changed with the arrow keys to value. */
async function choose(name, value) {
	let f = await page.evaluate(FOCUS);
	for (let i = 0; i < 60; i++) {
		const cur = f.type === 'radio'
			? await page.evaluate((n) => document.querySelector(`input[type=radio][name="${n}"]:checked`)?.value, name)
			: f.value;
		if (cur === value)
			return;
		await page.keyboard.press('ArrowDown');
		f = await page.evaluate(FOCUS);
	}
	assert.fail(`the arrow keys never set ${name} to ${value}`);
}

/** A date typed into a date input, digits only, as the browser shows it (nl: dd-mm-jjjj). */
async function typeDate(iso) {
	const [y, m, d] = iso.split('-');
	await page.keyboard.type(d + m + y);
	const v = await page.evaluate(() => document.activeElement.value);
	assert.equal(v, iso, `typing the date ${d}-${m}-${y} into the focused ${await page.evaluate(() => document.activeElement.name)} gave "${v}"`);
}

describe('the request form by keyboard only', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		page = await newPage(browser, server);
		await login(page, USERS.intake);
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('the first Tab reaches a visible skip link to the main content', async () => {
		await visit(page, '/requests/new');
		invisible = [];
		await page.keyboard.press('Tab');
		const f = await focus();
		assert.equal(f.tag, 'a', `the first Tab on /requests/new focuses ${f.desc ?? 'nothing'}, not a skip link`);
		assert.match(f.href ?? '', /^#/, `the first focusable link (${f.desc}) is no link within the page (href ${f.href})`);
		assert.deepEqual(invisible, [], 'the skip link shows no focus');
		const target = await page.evaluate((h) => !!document.getElementById(h.slice(1))?.closest('main, [role=main]') ||
			document.getElementById(h.slice(1))?.tagName === 'MAIN', f.href);
		assert.ok(target, `the skip link's target ${f.href} is not the main content`);
	});

	it('fills and sends the form, focus visible at every stop', async () => {
		await visit(page, '/requests/new');
		invisible = [];
		const today = isoDate(0);
		// the fields in the order the form has them (reading, not clicking)
		const want = ['requested_on', 'region_id', 'referrer_type', 'kind', 'track', 'topics', 'main_persons', 'minors', 'consent'];
		const order = await page.evaluate((names) => {
			const form = document.querySelector('form:has([name=main_persons])');
			const all = [...form.querySelectorAll('[name]')].map((e) => e.name);
			return names.map((n) => [n, all.indexOf(n)]).filter(([, i]) => i >= 0).sort((a, b) => a[1] - b[1]).map(([n]) => n);
		}, want);
		const missing = want.filter((n) => !order.includes(n));
		assert.deepEqual(missing, [], `/requests/new lacks the fields ${missing.join(', ')}`);

		const steps = {
			requested_on: async () => {
				const f = await toField('requested_on');
				if (f.value !== today) {
					if (f.value) { // a default (today, normally): leave it when it is a date
						assert.match(f.value, /^\d{4}-\d{2}-\d{2}$/);
					} else {
						await typeDate(today);
					}
				}
			},
			region_id: async () => { await toField('region_id'); await choose('region_id', String(server.region.id)); },
			referrer_type: async () => { await toField('referrer_type'); await choose('referrer_type', 'self'); },
			kind: async () => { await toField('kind'); await choose('kind', 'family'); },
			track: async () => { await toField('track'); await choose('track', 'youth_voluntary'); },
			topics: async () => {
				for (const t of ['parenting', 'school']) {
					await toField('topics', t);
					await page.keyboard.press('Space');
					assert.ok((await page.evaluate(FOCUS)).checked, `Space did not tick the topic ${t}`);
				}
			},
			main_persons: async () => {
				await toField('main_persons');
				await page.keyboard.type('Fam. Toetsenbord');
				await page.keyboard.press('Enter'); // a new line in the textarea, not sending the form
				await page.keyboard.type('Kim Toetsenbord');
				assert.match(new URL(page.url()).pathname, /\/requests\/new$/, 'Enter in the textarea sent the form');
				// Shift+Tab leaves backwards, Tab comes back
				const prev = await tabUntil(() => true, 'the previous field', { back: true, max: 1 });
				assert.notEqual(prev.name, 'main_persons', 'Shift+Tab did not leave the main persons field');
				await toField('main_persons');
				assert.equal(await page.evaluate(() => document.activeElement.value), 'Fam. Toetsenbord\nKim Toetsenbord');
			},
			minors: async () => {
				await toField('minors');
				await page.keyboard.press('Control+A');
				await page.keyboard.type('2');
			},
			consent: async () => {
				await toField('consent');
				await page.keyboard.press('Space');
				assert.ok((await page.evaluate(FOCUS)).checked, 'Space did not tick consent');
			},
		};
		for (const n of order)
			await steps[n]();

		const sub = await tabUntil((f) => f.submit && f.inForm, 'the form\'s submit button');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		const errors = await page.locator('main [role=alert]').allInnerTexts();
		assert.deepEqual(errors, [], `sending the form with Enter on ${sub.desc} gave errors on ${page.url()}`);
		const id = caseIdFrom(page);
		const main = await page.locator('main').innerText();
		assert.ok(main.includes('Fam. Toetsenbord'), `case page /requests/${id} does not show the main person typed`);
		assert.ok(main.includes('Kim Toetsenbord'), `case page /requests/${id} does not show the second main person`);
		const rec = await server.api('GET', `/requests/${id}`);
		assert.deepEqual(rec.topics.slice().sort(), ['parenting', 'school'], 'the topics ticked with Space');
		assert.equal(rec.consent, true, 'consent ticked with Space');
		assert.equal(rec.kind, 'family');
		assert.equal(rec.track, 'youth_voluntary');
		assert.equal(rec.region_id, server.region.id);
		assert.equal(rec.minors, 2);
		assert.deepEqual(invisible, [], `focus stops on /requests/new where the focus cannot be seen:\n  ${invisible.join('\n  ')}`);
	});
});
