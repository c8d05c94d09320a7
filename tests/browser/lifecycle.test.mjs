// One case from intake to closed, entirely through the pages, each step by
// the role whose work it is: intake registers the request; the regional
// manager decides the funding and assigns the coordinator; the coordinator
// prepares, adds the network, schedules and records the conference, writes
// the plan with its actions, records the verdict, follows up and closes.
// The steps run in order and share one browser page; a failing step makes
// the later ones fail too (look at the first failure).
import { describe, it as plainIt, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, launchBrowser, newPage, login, logout, visit, submit, formWith, fillForm,
	caseIdFrom, stateLabel, actionLabel, text, isoDate, assertNoTroubles, assertCsrf, USERS,
} from './harness.mjs';

let server, browser, page, caseId;
const today = isoDate(0);
const MAIN = 'Fam. Lifecycletest';
const MEMBERS = [
	{ name: 'Oma Truus Lifecycle', relation: 'grootmoeder' },
	{ name: 'Buurman Kees Lifecycle', relation: 'buurman' },
];

/** The case page: its path, and the state it must show. */
async function onCase(state) {
	assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`,
		`expected to land on the case page /requests/${caseId}, but on ${page.url()}`);
	const label = stateLabel(state);
	const main = page.locator('main');
	assert.ok((await main.innerText()).includes(label),
		`case page /requests/${caseId}: the state "${label}" (${state}) is not shown in <main>`);
	assertNoTroubles(page, `case page /requests/${caseId}`);
}

/**
 * Follows the case page's link to action (a[href$="/requests/ID/action"]),
 * fills the form with values and sends it; lands on the case page in state.
 */
async function act(action, values, state) {
	await visit(page, `/requests/${caseId}`);
	const link = page.locator(`main a[href$="/requests/${caseId}/${action}"]`).first();
	assert.equal(await link.count(), 1,
		`case page /requests/${caseId} (state before ${action}): no link to /requests/${caseId}/${action} for ${await whoAmI()}`);
	await Promise.all([page.waitForNavigation(), link.click()]);
	assert.equal(new URL(page.url()).pathname, `/requests/${caseId}/${action}`);
	const form = page.locator(`form[action$="/requests/${caseId}/${action}"]`).first();
	assert.equal(await form.count(), 1, `/requests/${caseId}/${action}: no form posting to /requests/${caseId}/${action}`);
	await assertCsrf(page, `/requests/${caseId}/${action}`);
	await fillForm(form, values);
	await submit(page, form);
	await failOnErrors(`${action}`);
	await onCase(state);
}

/** Fails with the page's error summary when a form came back with errors. */
async function failOnErrors(what) {
	const alerts = page.locator('main [role=alert]');
	if (await alerts.count()) {
		const texts = await alerts.allInnerTexts();
		assert.fail(`${what}: the form came back with errors on ${page.url()}: ${texts.join(' | ').replace(/\s+/g, ' ')}`);
	}
}

// a step after a failed one is skipped, naming the failed step
let failed = null;
function it(name, fn) {
	plainIt(name, async (t) => {
		if (failed) {
			t.skip(`not run: the step "${failed}" failed`);
			return;
		}
		try {
			await fn(t);
		} catch (e) {
			failed = name;
			throw e;
		}
	});
}

let who = '';
async function whoAmI() { return who; }
async function as(user) {
	if (who === user.username)
		return;
	if (who)
		await logout(page);
	await login(page, user);
	who = user.username;
}

/** Adds a record under the case through /requests/ID/CHILD/new. */
async function addChild(child, values, check) {
	await visit(page, `/requests/${caseId}`);
	const link = page.locator(`main a[href$="/requests/${caseId}/${child}/new"]`).first();
	assert.equal(await link.count(), 1, `case page /requests/${caseId}: no link to /requests/${caseId}/${child}/new for ${who}`);
	await Promise.all([page.waitForNavigation(), link.click()]);
	const form = page.locator(`form[action$="/requests/${caseId}/${child}"]`).first();
	assert.equal(await form.count(), 1, `/requests/${caseId}/${child}/new: no form posting to /requests/${caseId}/${child}`);
	await fillForm(form, values);
	await submit(page, form);
	await failOnErrors(`new ${child}`);
	assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`,
		`after adding ${child}: expected the case page /requests/${caseId}, got ${page.url()}`);
	assert.ok((await page.locator('main').innerText()).includes(check),
		`case page /requests/${caseId}: the new ${child} "${check}" is not shown`);
}

describe('a case from intake to closed, in the browser', () => {
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
		page = await newPage(browser, server);
	});
	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('intake registers the request', async () => {
		await as(USERS.intake);
		await visit(page, '/requests/new');
		const form = formWith(page, 'main_persons');
		assert.match(await form.getAttribute('action') ?? '', /\/requests$/, 'the request form must post to /requests');
		await fillForm(form, {
			requested_on: today,
			region_id: server.region.id,
			referrer_type: 'self',
			kind: 'family',
			track: 'adult',
			topics: ['parenting', 'money'],
			main_persons: `${MAIN}\nJan Lifecycletest`,
			minors: '2',
			consent: true,
			consent_on: today,
		});
		await submit(page, form);
		await failOnErrors('the request form');
		caseId = caseIdFrom(page);
		const main = await page.locator('main').innerText();
		assert.ok(main.includes(MAIN), `the new case page does not show the main person "${MAIN}"`);
		assert.ok(main.includes('Jan Lifecycletest'), 'the new case page does not show the second main person');
		await onCase('requested');
	});

	// a check on the side: the flow goes on when it fails
	function sideCheck(name, fn) {
		plainIt(name, async (t) => {
			if (failed)
				return t.skip(`not run: the step "${failed}" failed`);
			await fn();
		});
	}

	sideCheck("the new request is on the intake worker's start page", async () => {
		await visit(page, '/');
		assert.ok(await page.locator(`main a[href$="/requests/${caseId}"]`).count() >= 1,
			`the start page of ${USERS.intake.username} has no link to the new request /requests/${caseId}`);
	});

	it('intake records a measure that threatens', async () => {
		await addChild('measures', { measure: 'supervision_order', count: '2', at_request: 'threatened' },
			text(['enum.measure.measure.supervision_order', 'value.supervision_order']));
	});

	sideCheck("the new request waits on the regional manager's start page", async () => {
		await as(USERS.manager);
		await visit(page, '/');
		assert.ok(await page.locator(`main a[href$="/requests/${caseId}"]`).count() >= 1,
			`the start page of regional manager ${USERS.manager.username} has no link to the new request /requests/${caseId}`);
	});

	it('the regional manager decides the funding', async () => {
		await as(USERS.manager);
		await act('decide-funding', { funding_source: 'institution' }, 'funding_decided');
	});

	it('the regional manager assigns the coordinator', async () => {
		await act('assign-coordinator', { coordinator_id: server.coordinator.id }, 'coordinator_assigned');
		assert.ok((await page.locator('main').innerText()).includes(server.coordinator.name),
			`case page: the assigned coordinator "${server.coordinator.name}" is not shown`);
	});

	sideCheck("the case is on the coordinator's start page", async () => {
		await as(USERS.coordinator);
		await visit(page, '/');
		assert.ok(await page.locator(`main a[href$="/requests/${caseId}"]`).count() >= 1,
			`the start page of coordinator ${USERS.coordinator.username} has no link to the newly assigned case /requests/${caseId}`);
	});

	it('the coordinator starts the preparation and adds the network', async () => {
		await as(USERS.coordinator);
		await act('start-preparation', {}, 'preparation');
		for (const m of MEMBERS)
			await addChild('network-members', { name: m.name, relation: m.relation, role: 'network', invited: true }, m.name);
	});

	it('the coordinator schedules the conference', async () => {
		await act('schedule-conference', { scheduled_on: today, place: 'Buurthuis De Lifecycle' }, 'conference_scheduled');
		assert.ok((await page.locator('main').innerText()).includes('Buurthuis De Lifecycle'),
			'case page: the place of the conference is not shown');
	});

	it('the coordinator records the conference', async () => {
		await act('record-conference', {
			outcome: 'plan', held_on: today, participants_present: '9',
			phase1_start: '10:00', phase2_start: '11:00', phase3_start: '12:30', ended_at: '13:15',
		}, 'conference_held');
	});

	it('the coordinator writes the plan and its actions', async () => {
		await visit(page, `/requests/${caseId}`);
		const link = page.locator(`main a[href$="/requests/${caseId}/plan/edit"]`).first();
		assert.equal(await link.count(), 1, `case page /requests/${caseId}: no link to /requests/${caseId}/plan/edit`);
		await Promise.all([page.waitForNavigation(), link.click()]);
		const form = formWith(page, 'fallback');
		await fillForm(form, {
			evaluation_on: isoDate(60),
			fallback: 'Oma Truus belt de buurman als het misgaat',
			notes: 'Het plan van de familie Lifecycletest',
		});
		await submit(page, form);
		await failOnErrors('the plan form');
		assert.equal(new URL(page.url()).pathname, `/requests/${caseId}`, `after saving the plan: on ${page.url()}`);
		assert.ok((await page.locator('main').innerText()).includes('Oma Truus belt de buurman'),
			'case page: the plan\'s fallback is not shown');
		await addChild('plan-actions', {
			topic: 'parenting', what: 'Oma haalt de kinderen op dinsdag van school', by: 'network',
			network_member_id: { label: MEMBERS[0].name }, due_on: isoDate(30),
		}, 'Oma haalt de kinderen op dinsdag van school');
		await addChild('plan-actions', {
			topic: 'money', what: 'Schuldhulp maakt een afspraak', by: 'professional',
			professional: 'Schuldhulpverlening Lifecycle',
		}, 'Schuldhulp maakt een afspraak');
	});

	sideCheck('the printable plan shows the plan and its actions', async () => {
		await visit(page, `/requests/${caseId}/plan/print`);
		const body = await page.locator('body').innerText();
		for (const want of ['Oma Truus belt de buurman', 'Oma haalt de kinderen op dinsdag van school',
			'Schuldhulp maakt een afspraak', MEMBERS[0].name, 'Schuldhulpverlening Lifecycle'])
			assert.ok(body.includes(want), `/requests/${caseId}/plan/print does not show "${want}"`);
	});

	it('the coordinator records the verdict on the plan', async () => {
		await act('judge-plan', {
			safe_and_feasible: true, by_name: 'J. de Vries', organisation: 'Wijkteam Lifecycle', judged_on: today,
		}, 'plan_judged');
		assert.ok((await page.locator('main').innerText()).includes('J. de Vries'),
			'case page: the verdict\'s professional "J. de Vries" is not shown');
	});

	it('the coordinator starts the follow-up and records one', async () => {
		await act('start-follow-up', {}, 'follow_up');
		await addChild('follow-ups', {
			follow_up_on: today, kind: 'phone_call', situation: 'improved',
			satisfaction_main_person: '8', notes: 'Gaat goed met de familie Lifecycletest',
		}, text(['enum.follow_up.situation.improved', 'value.improved'])); // the list shows the situation, not the notes
	});

	it('the coordinator records a cost', async () => {
		await addChild('costs', { kind: 'venue', amount_cents: '125,50', incurred_on: today, description: 'Zaalhuur buurthuis' },
			'Zaalhuur buurthuis');
		assert.match(await page.locator('main').innerText(), /€\s?125,50/,
			'case page: the cost typed as "125,50" is not shown as € 125,50');
	});

	it('the coordinator closes the case', async () => {
		await act('close', { note: 'Afgerond na de follow-up' }, 'closed');
		// no further actions offered on a closed case
		for (const a of ['close', 'stop', 'decide-funding', 'start-follow-up'])
			assert.equal(await page.locator(`main a[href$="/requests/${caseId}/${a}"]`).count(), 0,
				`the closed case still offers the action ${a}`);
	});

	it('the case page shows the whole history', async () => {
		await visit(page, `/requests/${caseId}`);
		const main = await page.locator('main').innerText();
		// every transition, with its state after it, in the history
		const r = await page.request.get(`/api/v1/requests/${caseId}/transitions?limit=100`);
		assert.equal(r.status(), 200, `GET /api/v1/requests/${caseId}/transitions with the browser's session: ${r.status()}`);
		const transitions = (await r.json()).items;
		const actions = transitions.map((t) => t.action);
		assert.deepEqual(actions, ['decide-funding', 'assign-coordinator', 'start-preparation',
			'schedule-conference', 'record-conference', 'judge-plan', 'start-follow-up', 'close'],
		'the transitions recorded (through the API)');
		const history = page.locator('main section:has(h2#history)');
		assert.equal(await history.count(), 1, 'case page: no history section (main section with h2#history)');
		const htext = await history.innerText();
		for (const t of transitions) {
			const label = actionLabel(t.action);
			const to = stateLabel(t.to_state);
			assert.ok(htext.includes(label) && htext.includes(to),
				`case page history: the transition ${t.action} ("${label}", to "${to}") is not listed; history reads:\n${htext.slice(0, 1500)}`);
		}
		const rows = await history.locator('li, tbody tr').count();
		assert.ok(rows >= transitions.length,
			`case page history: ${rows} entries (li or tbody tr), expected at least ${transitions.length}`);
		assert.ok(main.includes(stateLabel('closed')), 'case page: not shown as closed');
	});
});
