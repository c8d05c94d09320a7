// The basics every page relies on: logging in and out, what a logged-out
// browser sees, the CSRF token, the security headers, the language, and
// finding cases in the list.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, closePage, login, logout, visit, submit, formWith,
	fillField, readField, assertCsrf, text, DEMO, USERS,
} from './harness.mjs';

let server, browser;

describe('pages', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('a logged-out browser is sent to /login, the open pages answer', async () => {
		const page = await newPage(browser, server);
		try {
			for (const p of ['/', '/requests', '/requests/new', '/account', '/regions']) {
				await page.goto(p);
				assert.equal(new URL(page.url()).pathname, '/login', `GET ${p} logged out should lead to /login, not ${page.url()}`);
			}
			for (const p of ['/accessibility', '/privacy', '/login']) {
				await visit(page, p);
				assert.equal(new URL(page.url()).pathname, p, `${p} should be shown without logging in`);
				assert.ok(await page.locator('h1').count(), `${p}: no <h1>`);
			}
		} finally {
			await closePage(page);
		}
	});

	it('the login form: labels, a wrong password, logging in and out', async () => {
		const page = await newPage(browser, server);
		try {
			await visit(page, '/login');
			for (const n of ['username', 'password']) {
				const input = page.locator(`[name=${n}]`);
				const id = await input.getAttribute('id');
				assert.ok(id && await page.locator(`label[for="${id}"]`).count(), `/login: the ${n} field has no <label for>`);
			}
			assert.equal(await page.locator('[name=password]').getAttribute('type'), 'password');
			assert.equal(await page.locator('[name=username]').getAttribute('autocomplete'), 'username',
				'/login: the username field should have autocomplete="username"');
			assert.equal(await page.locator('[name=password]').getAttribute('autocomplete'), 'current-password',
				'/login: the password field should have autocomplete="current-password"');
			const form = formWith(page, 'password');
			await fillField(form, 'username', DEMO.username);
			await fillField(form, 'password', 'wrong-password-entirely');
			const r = await submit(page, form);
			assert.equal(new URL(page.url()).pathname, '/login', 'a wrong password should not log in');
			assert.ok(await page.locator('[role=alert]').count(),
				`/login after a wrong password (status ${r.status()}): no message with role=alert; the page says: ${(await page.locator('main').innerText()).replace(/\s+/g, ' ').slice(0, 200)}`);
			assert.equal(await readField(formWith(page, 'password'), 'username'), DEMO.username,
				'/login after a wrong password: the username typed is gone');
			assert.equal(await readField(formWith(page, 'password'), 'password'), '',
				'/login after a wrong password: the password must not be sent back');
			assert.ok(r.status() === 200 || r.status() === 401 || r.status() === 422, `POST /login, wrong password: status ${r.status()}`);
			await login(page, DEMO);
			const cookies = await page.context().cookies();
			assert.ok(cookies.length, 'logging in set no cookie');
			for (const c of cookies)
				assert.ok(c.httpOnly && (c.sameSite === 'Strict' || c.sameSite === 'Lax'),
					`the cookie ${c.name} should be HttpOnly and SameSite=Strict or Lax (${JSON.stringify(c)})`);
			await logout(page);
		} finally {
			await closePage(page);
		}
	});

	it('every form carries a CSRF token, and a post without it is refused', async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, DEMO);
			for (const p of ['/', '/requests/new', '/account', '/regions/new'])  {
				await visit(page, p);
				await assertCsrf(page, p);
			}
			// the same post the region form makes, without the token
			const r = await page.request.post('/regions', { form: { name: 'Regio zonder token' }, maxRedirects: 0 });
			assert.ok(r.status() === 403 || r.status() === 400, `POST /regions without csrf: status ${r.status()}, expected 403`);
			const list = await server.api('GET', '/regions?limit=100');
			assert.ok(!list.items.some((x) => x.name === 'Regio zonder token'), 'POST /regions without csrf created the region');
			// and with a wrong one
			const r2 = await page.request.post('/regions', { form: { name: 'Regio fout token', csrf: 'x'.repeat(43) }, maxRedirects: 0 });
			assert.ok(r2.status() === 403 || r2.status() === 400, `POST /regions with a wrong csrf: status ${r2.status()}`);
		} finally {
			await closePage(page);
		}
	});

	it('pages send a strict Content-Security-Policy and load their styles under it', async () => {
		const page = await newPage(browser, server);
		try {
			const r = await visit(page, '/login');
			const csp = r.headers()['content-security-policy'] ?? '';
			assert.match(csp, /script-src 'self'|default-src 'self'|default-src 'none'/, `/login: CSP ${csp}`);
			assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `/login: CSP allows unsafe-*: ${csp}`);
			assert.match(csp, /frame-ancestors 'none'/, `/login: CSP without frame-ancestors 'none': ${csp}`);
			assert.equal(r.headers()['cache-control'], 'no-store', '/login: Cache-Control');
			// the style sheet applies: the page is not unstyled
			const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => { try { return s.cssRules.length > 0; } catch { return true; } }).length);
			assert.ok(sheets >= 1, '/login: no style sheet loaded');
			assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl', '/login: <html lang> should be nl by default');
		} finally {
			await closePage(page);
		}
	});

	it('English for a browser asking for it, and by choice in /account', async () => {
		const en = await newPage(browser, server, { locale: 'en-GB', extraHTTPHeaders: { 'Accept-Language': 'en' } });
		try {
			await visit(en, '/login');
			assert.equal(await en.evaluate(() => document.documentElement.lang), 'en', '/login with Accept-Language en: <html lang>');
			const label = await en.locator('label[for]').first().innerText();
			assert.notEqual(label.trim(), '', '/login (en): empty label');
		} finally {
			await closePage(en);
		}
		const page = await newPage(browser, server);
		try {
			await login(page, USERS.admin);
			await visit(page, '/account');
			assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
			const form = formWith(page, 'language');
			await fillField(form, 'language', 'en');
			await submit(page, form);
			await visit(page, '/');
			assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'after choosing English in /account, <html lang> should be en');
			const logoutText = await page.locator('form[action$="/logout"] :is(button, input[type=submit])').first().innerText();
			assert.equal(logoutText.trim(), text(['nav.logout', 'logout', 'account.logout'], 'en'),
				'after choosing English, the logout button should read the English text');
			await visit(page, '/account');
			await fillField(formWith(page, 'language'), 'language', 'nl');
			await submit(page, formWith(page, 'language'));
			await visit(page, '/');
			assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl', 'back to Dutch');
		} finally {
			await closePage(page);
		}
	});

	it('the request list filters and pages', async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, DEMO);
			await visit(page, '/requests');
			const all = await page.locator('main a[href^="/requests/"]').evaluateAll((as) => as
				.map((a) => a.getAttribute('href')).filter((h) => /^\/requests\/[0-9]+$/.test(h)));
			assert.ok(all.length >= 10, `/requests links to ${all.length} cases; the demo holds hundreds`);
			// the filter form uses GET and the model's field names
			const filter = page.locator('main form:not([method=post i]):has([name=state])').first();
			assert.ok(await filter.count(), '/requests: no GET filter form with a field name="state"');
			await fillField(filter, 'state', 'closed');
			await Promise.all([page.waitForNavigation(), filter.locator(':is(button, input[type=submit])').first().click()]);
			assert.match(page.url(), /[?&]state=closed/, `the filter did not put state=closed into the URL: ${page.url()}`);
			const ids = await page.locator('main a[href^="/requests/"]').evaluateAll((as) => as
				.map((a) => a.getAttribute('href').match(/^\/requests\/([0-9]+)$/)?.[1]).filter(Boolean).map(Number));
			assert.ok(ids.length >= 1, '/requests?state=closed lists no case');
			const closed = new Set((await server.api('GET', '/requests?state=closed&limit=500')).items.map((r) => r.id));
			const wrong = ids.filter((id) => !closed.has(id));
			assert.deepEqual(wrong, [], `/requests?state=closed lists cases that are not closed`);
			assert.equal(await readField(page.locator('main form:has([name=state])').first(), 'state'), 'closed',
				'the filter form does not show the chosen state');
			// pagination: a link to the next page that keeps the filter
			await visit(page, '/requests');
			const next = page.locator('main :is(nav, .pagination, [aria-label]) a[href*="/requests?"]').filter({ hasText: /volgende|next|›|»|2/i }).first();
			assert.ok(await next.count(), '/requests: no link to the next page');
			await Promise.all([page.waitForNavigation(), next.click()]);
			const ids2 = await page.locator('main a[href^="/requests/"]').evaluateAll((as) => as
				.map((a) => a.getAttribute('href')).filter((h) => /^\/requests\/[0-9]+$/.test(h)));
			assert.ok(ids2.length >= 1, `${page.url()}: the second page lists no case`);
			assert.ok(!ids2.some((h) => all.includes(h)), `${page.url()}: the second page repeats cases of the first`);
		} finally {
			await closePage(page);
		}
	});
});
