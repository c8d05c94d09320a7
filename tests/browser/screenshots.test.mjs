// Screenshots of the main pages: `make screenshots` writes them to
// docs/screenshots/*.png (1280x800 unless noted); a test run keeps them in
// a temporary folder. Each page must load and show its
// heading; the picture is taken after that.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, closePage, login, visit, screenshot, DEMO, USERS,
} from './harness.mjs';
import { demoFixtures } from './fixtures.mjs';

let server, browser, fx;

async function shoot(page, p, name, options) {
	await visit(page, p);
	assert.ok(await page.locator('h1').first().isVisible(), `${p}: no visible <h1> to show`);
	const file = await screenshot(page, name, options);
	assert.ok(file.endsWith('.png'));
}

describe('screenshots (docs/screenshots)', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		fx = await demoFixtures(server);
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('login page', async () => {
		const page = await newPage(browser, server);
		try {
			await shoot(page, '/login', 'login');
		} finally {
			await closePage(page);
		}
	});

	it("coordinator's start page", async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, USERS.coordinator);
			await shoot(page, '/', 'start-coordinator');
		} finally {
			await closePage(page);
		}
	});

	it("regional manager's start page", async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, USERS.manager);
			await shoot(page, '/', 'start-regional-manager');
		} finally {
			await closePage(page);
		}
	});

	it('request form, case page, printable plan', async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, DEMO);
			await shoot(page, '/requests', 'requests');
			await shoot(page, '/requests/new', 'request-form');
			await shoot(page, `/requests/${fx.full}`, 'case');
			await shoot(page, `/requests/${fx.full}/plan/print`, 'plan-print');
		} finally {
			await closePage(page);
		}
	});

	it('annual figures, and the shortlist for a coordinator', async () => {
		const page = await newPage(browser, server);
		try {
			await login(page, DEMO);
			await shoot(page, '/reports/annual', 'report-annual');
			// the demo's request whose family asks for an Arabic-speaking woman
			const waiting = (await server.api('GET', '/requests?state=funding_decided&limit=500')).items;
			const wish = waiting.find((r) => r.preferred_language === 'ar' && r.preferred_gender === 'female');
			assert.ok(wish, 'the demo data has no request asking for an Arabic-speaking woman');
			await shoot(page, `/requests/${wish.id}/assign-coordinator`, 'match');
		} finally {
			await closePage(page);
		}
	});

	it('case page on a 360px phone', async () => {
		const page = await newPage(browser, server, {
			viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
		});
		try {
			await login(page, DEMO);
			await shoot(page, `/requests/${fx.full}`, 'case-360');
		} finally {
			await closePage(page);
		}
	});
});
