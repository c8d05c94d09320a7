// Changing and removing records through the pages: a cost of a case
// (new, changed, removed after confirming), the conference, a coordinator
// and a user account made by the admin that can then log in.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, closePage, login, logout, visit, submit, formWith, fillForm,
	readField, alerts, isoDate, DEMO, USERS,
} from './harness.mjs';

let server, browser, page, caseId;

describe('changing and removing records', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		page = await newPage(browser, server);
		await login(page, DEMO);
		caseId = (await server.api('GET', '/requests?state=follow_up&limit=1')).items[0].id;
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('a cost: added, changed, removed after confirming', async () => {
		await visit(page, `/requests/${caseId}/costs/new`);
		let form = formWith(page, 'amount_cents');
		await fillForm(form, { kind: 'interpreter', amount_cents: '80', incurred_on: isoDate(0), description: 'Tolk Arabisch kosten-test' });
		await submit(page, form);
		assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after adding the cost: on ${page.url()}: ${await alerts(page)}`);
		const costs = (await server.api('GET', `/requests/${caseId}/costs?limit=100`)).items;
		const cost = costs.find((c) => c.description === 'Tolk Arabisch kosten-test');
		assert.ok(cost, 'the cost was not stored');
		assert.equal(cost.amount_cents, 8000, '"80" typed as the amount should be € 80,00');

		// the case page links to the cost's edit form
		const link = page.locator(`main a[href$="/costs/${cost.id}/edit"]`);
		assert.ok(await link.count(), `case page /requests/${caseId}: no link to /costs/${cost.id}/edit`);
		await Promise.all([page.waitForNavigation(), link.first().click()]);
		form = formWith(page, 'amount_cents');
		assert.equal(await readField(form, 'description'), 'Tolk Arabisch kosten-test', 'the edit form does not show the stored description');
		assert.match(await readField(form, 'amount_cents'), /^80([,.]00)?$/, 'the edit form does not show the stored amount as 80,00');
		await fillForm(form, { amount_cents: '1.234,56' });
		await submit(page, form);
		assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after changing the cost: on ${page.url()}: ${await alerts(page)}`);
		assert.equal((await server.api('GET', `/costs/${cost.id}`)).amount_cents, 123456, '"1.234,56" should be stored as 123456 cents');
		assert.match(await page.locator('main').innerText(), /€\s?1\.234,56/, 'the case page does not show € 1.234,56');

		await visit(page, `/costs/${cost.id}/edit`);
		const del = page.locator(`form[action$="/costs/${cost.id}/delete"]`);
		assert.equal(await del.count(), 1, `/costs/${cost.id}/edit: no delete form`);
		await submit(page, del);
		assert.equal(new URL(page.url()).pathname, `/costs/${cost.id}/delete`, 'removing should ask for confirmation first');
		assert.ok((await server.api('GET', `/requests/${caseId}/costs?limit=100`)).items.some((c) => c.id === cost.id),
			'the cost was removed before it was confirmed');
		await submit(page, page.locator(`main form[action$="/costs/${cost.id}/delete"]`));
		assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after confirming: on ${page.url()}: ${await alerts(page)}`);
		assert.ok(!(await server.api('GET', `/requests/${caseId}/costs?limit=100`)).items.some((c) => c.id === cost.id),
			'the cost is still there after confirming its removal');
		assert.ok(!(await page.locator('main').innerText()).includes('Tolk Arabisch kosten-test'),
			'the case page still shows the removed cost');
	});

	it('the conference: changed through its form', async () => {
		await visit(page, `/requests/${caseId}/conference/edit`);
		const form = formWith(page, 'place');
		await fillForm(form, { place: 'Wijkcentrum De Wijziging', participants_present: '12' });
		await submit(page, form);
		assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after saving the conference: on ${page.url()}: ${await alerts(page)}`);
		assert.ok((await page.locator('main').innerText()).includes('Wijkcentrum De Wijziging'),
			'the case page does not show the changed place of the conference');
	});

	it('a coordinator: added and changed by the admin', async () => {
		await visit(page, '/coordinators/new');
		let form = formWith(page, 'fee_cents');
		await fillForm(form, {
			name: 'Carla Nieuwkomer', gender: 'female', languages: ['nl', 'ar'],
			region_ids: [String(server.region.id)], active: true, email: 'carla@example.org', fee_cents: '1.500',
		});
		await submit(page, form);
		assert.doesNotMatch(new URL(page.url()).pathname, /\/new$/, `the new coordinator was not saved: ${await alerts(page)}`);
		assert.equal(await page.locator('main [role=alert]').count(), 0, `the new coordinator came back with errors: ${await alerts(page)}`);
		const found = (await server.api('GET', '/coordinators?limit=200')).items.find((c) => c.name === 'Carla Nieuwkomer');
		assert.ok(found, 'the coordinator was not stored');
		assert.deepEqual(found.languages.slice().sort(), ['ar', 'nl']);
		assert.deepEqual(found.region_ids, [server.region.id]);
		assert.equal(found.fee_cents, 150000);
		// the pool is longer than one page: follow the next-page links, as a person would
		await visit(page, '/coordinators');
		let listed = false;
		for (let pages = 0; pages < 20 && !listed; pages++) {
			listed = (await page.locator('main').innerText()).includes('Carla Nieuwkomer');
			const next = page.locator('main a[rel=next]');
			if (listed || (await next.count()) === 0)
				break;
			await visit(page, await next.first().getAttribute('href'));
		}
		assert.ok(listed, '/coordinators does not list the new coordinator on any of its pages');
		await visit(page, `/coordinators/${found.id}/edit`);
		form = formWith(page, 'fee_cents');
		assert.deepEqual((await readField(form, 'languages')).slice().sort(), ['ar', 'nl'], 'the edit form does not tick the stored languages');
		await fillForm(form, { name: 'Carla Veranderd', active: false });
		await submit(page, form);
		const now = await server.api('GET', `/coordinators/${found.id}`);
		assert.equal(now.name, 'Carla Veranderd', `the change was not saved: ${await alerts(page)}`);
		assert.equal(now.active, false, 'unticking active was not saved');
	});

	it('an account made by the admin can log in', async () => {
		const admin = await newPage(browser, server);
		try {
			await login(admin, USERS.admin);
			await visit(admin, '/users/new');
			const form = formWith(admin, 'password_again');
			await fillForm(form, {
				username: 'nieuw.intake', display_name: 'Nina Nieuw', roles: ['intake'],
				password: 'een-lang-nieuw-wachtwoord', password_again: 'een-lang-nieuw-wachtwoord',
			});
			if (await form.locator(`[name=region_ids][value="${server.region.id}"]`).count())
				await fillForm(form, { region_ids: [String(server.region.id)] });
			await submit(admin, form);
			assert.doesNotMatch(new URL(admin.url()).pathname, /\/users\/new$/, `the account was not made: ${await alerts(admin)}`);
			await visit(admin, '/users');
			assert.ok((await admin.locator('main').innerText()).includes('nieuw.intake'), '/users does not list the new account');
			await logout(admin);
			await login(admin, { username: 'nieuw.intake', password: 'een-lang-nieuw-wachtwoord' });
			await visit(admin, '/requests/new');
		} finally {
			await closePage(admin);
		}
	});
});
