// axe-core (WCAG 2.1 A and AA) on every page type, logged in as the demo
// account (every role), plus the login page, its error state, the error
// state of a form and the printable plan: zero violations. Each page also
// must not hit its own Content-Security-Policy (a blocked style or script
// is something users get too) nor raise a script error.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, closePage, login, visit, submit, formWith,
	checkA11y, formatViolations, pageTroubles, DEMO,
} from './harness.mjs';
import { demoFixtures, allPages } from './fixtures.mjs';

let server, browser, page, fx;

async function audit(label) {
	const problems = [];
	const v = await checkA11y(page, label);
	if (v.length)
		problems.push(formatViolations(`${label} (${new URL(page.url()).pathname})`, v));
	const t = pageTroubles(page);
	for (const c of t.csp.splice(0))
		problems.push(`${label}: CSP block: ${c}`);
	for (const e of t.errors.splice(0))
		problems.push(`${label}: script error: ${e}`);
	if (problems.length)
		assert.fail(problems.join('\n'));
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		fx = await demoFixtures(server);
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	describe('logged out', () => {
		before(async () => { page = await newPage(browser, server); });
		after(async () => { await closePage(page); });

		it('login page', async () => {
			await visit(page, '/login');
			await audit('login page');
		});
		it('login page after a wrong password', async () => {
			await visit(page, '/login');
			const form = formWith(page, 'password');
			await form.locator('[name=username]').fill(DEMO.username);
			await form.locator('[name=password]').fill('not-the-password-at-all');
			await submit(page, form);
			assert.equal(new URL(page.url()).pathname, '/login', 'a wrong password should show the login form again');
			assert.ok(await page.locator('[role=alert]').count() >= 1,
				'/login after a wrong password: no message with role=alert');
			await audit('login page, wrong password');
		});
		it('accessibility statement (open)', async () => {
			await visit(page, '/accessibility');
			await audit('accessibility statement');
		});
		it('privacy statement (open)', async () => {
			await visit(page, '/privacy');
			await audit('privacy statement');
		});
	});

	describe('logged in as demo (every role)', () => {
		before(async () => {
			page = await newPage(browser, server);
			await login(page, DEMO);
		});
		after(async () => { await closePage(page); });

		// the list is known only once the server runs: one test per page
		it('every page type', async (t) => {
			for (const p of allPages(fx)) {
				await t.test(`${p.label} ${p.path}`, async () => {
					await visit(page, p.path);
					await audit(p.label);
				});
			}
		});

		it('request form with validation errors', async () => {
			await visit(page, '/requests/new');
			const form = formWith(page, 'main_persons');
			await form.locator('[name=minors]').fill('many');
			await submit(page, form);
			assert.ok(await page.locator('[role=alert]').count() >= 1,
				'an empty request form sent: no error summary with role=alert');
			await audit('request form with errors');
		});

		it('a stale edit: the conflict page', async () => {
			const id = fx.byState.requested;
			await visit(page, `/requests/${id}/edit`);
			const form = formWith(page, 'referrer_name');
			await form.locator('[name=referrer_name]').fill('Eigen versie');
			// someone else changes the request meanwhile
			const now = await server.api('GET', `/requests/${id}`);
			await server.api('PATCH', `/requests/${id}`, { referrer_name: 'Andere versie' }, { 'If-Match': `"${now.version}"` });
			await submit(page, form);
			assert.match(new URL(page.url()).pathname, /\/edit$/, 'the stale change was not refused');
			await audit('conflict page of a stale edit');
		});

		it('removing a record: the confirmation page', async () => {
			await visit(page, `/costs/${fx.child.costs}/edit`);
			const del = page.locator(`form[action$="/costs/${fx.child.costs}/delete"]`);
			assert.equal(await del.count(), 1, `/costs/${fx.child.costs}/edit: no form posting to /costs/${fx.child.costs}/delete`);
			await submit(page, del);
			assert.equal(new URL(page.url()).pathname, `/costs/${fx.child.costs}/delete`, 'the delete button should ask first');
			await audit('confirmation of removing a cost');
		});

		it('page that does not exist (404)', async () => {
			await visit(page, '/requests/999999999', { status: 404 });
			await audit('404 page');
		});
	});
});
