// Forms: a validation error keeps every typed value and points at the
// field; a stale edit (two browsers change one record) shows the conflict
// with both versions; and text that looks like markup is shown as text
// everywhere it appears (no script runs, no element is injected).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, closePage, login, visit, submit, formWith, fillForm,
	fillField, readField, expected, caseIdFrom, isoDate, pageTroubles, errorSummary, alerts, DEMO, USERS,
} from './harness.mjs';

let server, browser;
const today = isoDate(0);

/** Every value in values (as fillField takes them) is what form holds now. */
async function assertKept(form, values, where) {
	const lost = [];
	for (const [k, v] of Object.entries(values)) {
		const got = await readField(form, k);
		const want = expected(v);
		if (JSON.stringify(got) !== JSON.stringify(want))
			lost.push(`${k}: typed ${JSON.stringify(want)}, the form now holds ${JSON.stringify(got)}`);
	}
	if (lost.length)
		assert.fail(`${where}: the form lost what was typed:\n  ${lost.join('\n  ')}`);
}

/** The texts of the elements aria-describedby of el names. */
async function describedBy(el) {
	return el.evaluate((e) => (e.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
		.map((id) => document.getElementById(id)?.textContent.trim() ?? `(no element #${id})`));
}

describe('forms', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	describe('a validation error keeps what was typed', () => {
		let page;
		before(async () => {
			page = await newPage(browser, server);
			await login(page, USERS.intake);
		});
		after(async () => { await closePage(page); });

		it('request form: consent date without consent', async () => {
			await visit(page, '/requests/new');
			let form = formWith(page, 'main_persons');
			// a rule only the server knows: a consent date needs the consent box
			const values = {
				requested_on: today,
				region_id: String(server.region.id),
				referrer_type: 'professional',
				referrer_name: 'Mw. K. Verwijzer',
				kind: 'restoration',
				track: 'neighbourhood',
				topics: ['housing', 'safety'],
				main_persons: 'Fam. Foutje\nPiet Foutje',
				minors: '3',
				minors_ages: '4, 7 en 12',
				consent: false,
				consent_on: today,
				preferred_gender: 'female',
				preferred_background: 'Surinaams',
				interpreter_needed: true,
				safety_notes: 'Vader niet uitnodigen.\nTweede regel.',
			};
			await fillForm(form, values);
			await submit(page, form);
			assert.doesNotMatch(new URL(page.url()).pathname, /^\/requests\/[0-9]+$/,
				'the request was saved although consent_on was given without consent');
			form = formWith(page, 'main_persons');
			assert.equal(await form.count(), 1, `after the error, ${page.url()} shows no request form`);

			// the summary at the top, with a link to the field
			const summary = errorSummary(page);
			assert.ok(await summary.count(), `${page.url()}: no error summary (role=alert)`);
			const input = form.locator('[name="consent_on"]');
			const id = await input.getAttribute('id');
			assert.ok(id, 'the consent_on input has no id to link to');
			const link = page.locator(`[role=alert] a[href="#${id}"]`);
			assert.ok(await link.count(), `the error summary has no link to the field (a[href="#${id}"])`);
			const summaryTop = (await summary.boundingBox())?.y ?? Infinity;
			const formTop = (await form.boundingBox())?.y ?? -Infinity;
			assert.ok(summaryTop <= formTop + 1, 'the error summary is not at the top of the form');

			// the message next to the field
			const msgs = await describedBy(input);
			assert.ok(msgs.some((m) => m.length > 0),
				`the consent_on input's aria-describedby names no message (${JSON.stringify(msgs)})`);

			// focus: on the summary, or on the field in error
			const focused = await page.evaluate(() => ({
				summary: !!document.activeElement?.closest('[role=alert]'), name: document.activeElement?.name,
			}));
			assert.ok(focused.summary || focused.name === 'consent_on',
				`after the failed submit the focus is neither on the error summary nor on the field (on ${JSON.stringify(focused)})`);
			// and the summary's link takes the keyboard to the field
			await link.first().focus();
			await page.keyboard.press('Enter');
			assert.equal(await page.evaluate(() => document.activeElement?.name ?? null), 'consent_on',
				'following the summary\'s link (Enter) does not put the focus on the consent_on field');

			await assertKept(form, values, 'request form after a validation error');
		});
	});

	describe('a stale edit shows both versions', () => {
		for (const rec of [
			{ what: 'request', path: (fx) => `/requests/${fx}/edit`, field: 'referrer_name', user: DEMO },
			{ what: 'region', path: (fx) => `/regions/${fx}/edit`, field: 'name', user: DEMO },
		]) {
			it(`${rec.what}: two browsers change the same record`, async () => {
				const id = rec.what === 'region'
					? (await server.api('POST', '/regions', { name: 'Regio Stale' })).id
					: (await server.api('GET', '/requests?state=requested&limit=1')).items[0].id;
				const a = await newPage(browser, server);
				const b = await newPage(browser, server);
				try {
					await login(a, rec.user);
					await login(b, rec.user);
					await visit(a, rec.path(id));
					await visit(b, rec.path(id));
					const fa = formWith(a, rec.field);
					const fb = formWith(b, rec.field);
					await fillField(fa, rec.field, 'Versie van browser A');
					await submit(a, fa);
					assert.doesNotMatch(new URL(a.url()).pathname, /\/edit$/,
						`browser A's change of ${rec.path(id)} was not saved (still on ${a.url()})`);
					await fillField(fb, rec.field, 'Versie van browser B');
					const resp = await submit(b, fb);
					const main = b.locator('main');
					const txt = await main.innerText();
					assert.ok(await b.locator('main :is([role=alert], [role=status])').count(),
						`${rec.path(id)} from browser B after A saved: no message (role=alert or role=status) saying so (status ${resp?.status()}, on ${b.url()})`);
					// both versions shown as text (what is in an input is no part of innerText)
					assert.ok(txt.includes('Versie van browser A'),
						`${rec.path(id)}: the conflict does not show the stored version ("Versie van browser A")`);
					assert.ok(txt.includes('Versie van browser B'),
						`${rec.path(id)}: the conflict does not show browser B's own version ("Versie van browser B") next to the stored one`);
					const form = formWith(b, rec.field);
					assert.ok(await form.count(), `${rec.path(id)}: the conflict page shows no form with ${rec.field}`);
					assert.equal(await readField(form, rec.field), 'Versie van browser B',
						`${rec.path(id)}: the conflict page does not keep browser B's typed value in the form`);
					// the stored record is A's
					const now = await server.api('GET', `/${rec.what === 'region' ? 'regions' : 'requests'}/${id}`);
					assert.equal(now[rec.field], 'Versie van browser A', 'the stale change overwrote the stored record');
				} finally {
					await closePage(a);
					await closePage(b);
				}
			});
		}
	});

	describe('markup typed into text fields is shown as text', () => {
		const P = `<script>alert(1)</script>"'&<img src=x onerror=alert(2)><b>vet</b>`;
		let page, caseId;
		before(async () => {
			// no CSP here, so that anything that slipped through would run
			page = await newPage(browser, server, { bypassCSP: true });
			await login(page, DEMO);
		});
		after(async () => { await closePage(page); });

		/** No dialog, no injected element, the escaped text in the source. */
		async function assertInert(where, values) {
			const t = pageTroubles(page);
			assert.deepEqual(t.dialogs, [], `${where}: a dialog opened`);
			assert.equal(await page.locator('img[src="x"]').count(), 0, `${where}: an injected <img src=x> exists`);
			assert.equal(await page.locator('b:text-is("vet")').count(), 0, `${where}: an injected <b>vet</b> exists`);
			const scripts = await page.locator('script:not([src])').evaluateAll((ss) => ss.map((s) => s.textContent));
			assert.ok(!scripts.some((s) => s.includes('alert(')), `${where}: an injected inline <script> exists`);
			const html = await page.content();
			assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${where}: the escaped text &lt;script&gt; is not in the page`);
			const shown = await page.locator('body').innerText();
			for (const v of values)
				assert.ok(shown.includes(v.split('\n')[0]), `${where}: the text ${JSON.stringify(v.split('\n')[0])} is not shown literally`);
		}

		it('request: every text field', async () => {
			const texts = {
				referrer_name: `${P} verwijzer`,
				main_persons: `${P} hoofd 1\n${P} hoofd 2`,
				minors_ages: `${P} 3 en 5`,
				preferred_background: `${P} ach`,
				safety_notes: `${P} veiligheid\nregel 2`,
			};
			await visit(page, '/requests/new');
			const form = formWith(page, 'main_persons');
			await fillForm(form, {
				requested_on: today, region_id: String(server.region.id), referrer_type: 'professional',
				kind: 'family', track: 'adult', minors: '2', consent: true, ...texts,
			});
			await submit(page, form);
			assert.match(new URL(page.url()).pathname, /^\/requests\/[0-9]+$/, `the request form with markup in its text fields was not saved: ${await alerts(page)}`);
			caseId = caseIdFrom(page);
			await assertInert(`case page /requests/${caseId}`, Object.values(texts));
			await visit(page, `/requests/${caseId}/edit`);
			await assertInert(`/requests/${caseId}/edit`, []);
			const ef = formWith(page, 'main_persons');
			for (const [k, v] of Object.entries(texts))
				assert.equal(await readField(ef, k), v, `/requests/${caseId}/edit: field ${k} does not hold exactly what was typed`);
			await visit(page, `/requests?region_id=${server.region.id}&state=requested`);
			assert.deepEqual(pageTroubles(page).dialogs, [], '/requests: a dialog opened');
			assert.equal(await page.locator('img[src="x"]').count(), 0, '/requests: an injected <img src=x> exists');
		});

		it('network member and plan action', async () => {
			assert.ok(caseId, 'needs the case of the previous test');
			const member = { name: `${P} lid`, relation: `${P} rel`, organisation: `${P} org`, contact: `${P} tel`, notes: `${P} notities` };
			await visit(page, `/requests/${caseId}/network-members/new`);
			let form = formWith(page, 'relation');
			await fillForm(form, member);
			await submit(page, form);
			assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after adding the network member: on ${page.url()}: ${await alerts(page)}`);
			await assertInert(`case page /requests/${caseId} with the network member`, [member.name]);

			// plan actions come after the conference: a demo case in follow-up
			const later = (await server.api('GET', '/requests?state=follow_up&limit=1')).items[0].id;
			const action = { topic: 'other', what: `${P} actie`, by: 'professional', professional: `${P} prof` };
			await visit(page, `/requests/${later}/plan-actions/new`);
			form = formWith(page, 'what');
			await fillForm(form, action);
			await submit(page, form);
			assert.equal(new URL(page.url()).pathname, `/requests/${later}`, `after adding the plan action: on ${page.url()}: ${await alerts(page)}`);
			await assertInert(`case page /requests/${later} with the plan action`, [action.what]);
			await visit(page, `/requests/${later}/plan/print`);
			await assertInert(`/requests/${later}/plan/print`, [action.what]);
		});

		it('region name', async () => {
			const name = `${P} regio`;
			await visit(page, '/regions/new');
			const form = formWith(page, 'name');
			await fillField(form, 'name', name);
			await submit(page, form);
			await visit(page, '/regions');
			await assertInert('/regions', [name]);
			// the region appears in the request form's choice too
			await visit(page, '/requests/new');
			await assertInert('/requests/new (region choice)', []);
			const opts = await page.locator('[name=region_id] option').allTextContents();
			assert.ok(opts.some((o) => o.includes(name)), '/requests/new: the new region is not offered by its literal name');
		});
	});
});
