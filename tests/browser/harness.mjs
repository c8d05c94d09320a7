// The browser tests' harness: a real `kring serve` on a fresh SQLite file
// filled with demo data, one account per role, Chromium through
// playwright-core, logging in and out through the pages, and axe-core.
//
//   KRING_BIN        the kring binary (default build/kring)
//   KRING_CHROMIUM   the browser (default /usr/bin/chromium)
//   KRING_BROWSER_KEEP=1  keep the server's temporary directory
//
// Every helper fails with a message that names the page and the selector.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const KRING_BIN = path.resolve(ROOT, process.env.KRING_BIN || 'build/kring');
export const CHROMIUM = process.env.KRING_CHROMIUM || '/usr/bin/chromium';
// where screenshots go: docs/screenshots with KRING_SCREENSHOTS=docs
// (`make screenshots`), else a temporary folder, so that a test run leaves
// the checkout as it was
export const SCREENSHOTS = process.env.KRING_SCREENSHOTS === 'docs'
	? path.join(ROOT, 'docs', 'screenshots')
	: fs.mkdtempSync(path.join(os.tmpdir(), 'kring-screenshots-'));
if (process.env.KRING_SCREENSHOTS !== 'docs')
	process.on('exit', () => fs.rmSync(SCREENSHOTS, { recursive: true, force: true }));

// the demo account (every role) and the accounts made here, one per role
export const DEMO = { username: 'demo', password: 'kring-demo-2010' };
export const PASSWORD = 'browser-test-password-2010';
export const USERS = {
	intake: { username: 'intake1', password: PASSWORD, name: 'Ineke Intake' },
	manager: { username: 'rm1', password: PASSWORD, name: 'Rob Regiomanager' },
	coordinator: { username: 'coord1', password: PASSWORD, name: 'Coby Coördinator' },
	admin: { username: 'admin1', password: PASSWORD, name: 'Ad Beheerder' },
};

const START_TIMEOUT = Number(process.env.KRING_TEST_START_TIMEOUT || 20) * 1000;
const STOP_TIMEOUT = 15000;
const CLI_ENV = { ...process.env, KRING_PASSWORD_COST: 'minimum' };

// ---- dates ------------------------------------------------------------

/** YYYY-MM-DD of today plus days (local time, as the date inputs use). */
export function isoDate(days = 0) {
	const d = new Date();
	d.setDate(d.getDate() + days);
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// ---- the server -------------------------------------------------------

function cli(args, input) {
	const p = spawnSync(KRING_BIN, args, {
		input: input ?? '',
		env: CLI_ENV,
		encoding: 'utf8',
		timeout: 120000,
	});
	if (p.error)
		throw new Error(`kring ${args.join(' ')}: ${p.error.message}`);
	if (p.status !== 0)
		throw new Error(`kring ${args.join(' ')} exited ${p.status}:\n${p.stderr}${p.stdout}`);
	return p.stdout;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(url) {
	try {
		const r = await fetch(url + '/healthz', { signal: AbortSignal.timeout(2000) });
		return r.status === 200;
	} catch {
		return false;
	}
}

/**
 * Starts `kring serve` on a new SQLite file with the demo data and the
 * accounts of USERS. Returns { url, dbUrl, tmp, region, coordinator,
 * api(method, path, body), stop() }. region is the region of intake1 and
 * the lifecycle test; coordinator the active coordinator serving it, whose
 * account is coord1.
 */
export async function startServer() {
	if (!fs.existsSync(KRING_BIN))
		throw new Error(`${KRING_BIN} is missing (build it, or set KRING_BIN)`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-browser-'));
	const dbUrl = 'sqlite:' + path.join(tmp, 'kring.db');
	cli(['demo', '--db', dbUrl]);

	const server = { tmp, dbUrl, proc: null, url: null, token: null };
	const stdoutPath = path.join(tmp, 'serve.stdout');
	const stderrPath = path.join(tmp, 'serve.stderr');
	server.stderr = () => {
		try {
			return fs.readFileSync(stderrPath, 'utf8');
		} catch {
			return '';
		}
	};

	let last = '';
	for (let attempt = 0; attempt < 3 && !server.url; attempt++) {
		const port = await freePort();
		const out = fs.openSync(stdoutPath, 'a');
		const err = fs.openSync(stderrPath, 'a');
		const proc = spawn(KRING_BIN, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`], {
			stdio: ['ignore', out, err],
			env: { ...CLI_ENV, KRING_SECOND_FACTOR: 'optional' },
		});
		fs.closeSync(out);
		fs.closeSync(err);
		let exited = null;
		proc.on('exit', (code, signal) => { exited = { code, signal }; });
		const url = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + START_TIMEOUT;
		while (Date.now() < deadline && !exited) {
			if (await healthy(url)) {
				server.proc = proc;
				server.url = url;
				server.exited = () => exited;
				break;
			}
			await sleep(50);
		}
		if (!server.url) {
			if (!exited) {
				proc.kill('SIGKILL');
				last = `kring serve did not answer /healthz within ${START_TIMEOUT / 1000}s`;
			} else {
				last = `kring serve exited (${exited.code ?? exited.signal}) before answering /healthz`;
			}
			last += `; stderr:\n${server.stderr().slice(-3000)}`;
		}
	}
	if (!server.url)
		throw new Error(last);

	// the JSON API, as the demo account, for the setup only
	server.api = async (method, p, body, extra = {}) => {
		const headers = { Authorization: `Bearer ${server.token}`, ...extra };
		if (body !== undefined)
			headers['Content-Type'] = 'application/json';
		const r = await fetch(server.url + '/api/v1' + p, {
			method, headers, body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await r.text();
		let json = null;
		try { json = JSON.parse(text); } catch { /* not JSON */ }
		if (r.status >= 300)
			throw new Error(`${method} /api/v1${p}: ${r.status} ${text.slice(0, 500)}`);
		return json;
	};
	const tok = await fetch(server.url + '/api/v1/tokens', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...DEMO, label: 'browser tests' }),
	});
	if (tok.status !== 200 && tok.status !== 201)
		throw new Error(`POST /api/v1/tokens as demo: ${tok.status} ${await tok.text()}`);
	const tokJson = await tok.json();
	server.token = tokJson.token;
	server.demoUserId = tokJson.user.id;

	// a region with an active coordinator serving it (the lowest id)
	const regions = (await server.api('GET', '/regions?limit=100')).items
		.sort((a, b) => a.id - b.id);
	const coordinators = (await server.api('GET', '/coordinators?active=true&limit=100')).items
		.sort((a, b) => a.id - b.id);
	for (const r of regions) {
		const c = coordinators.find((c) => c.region_ids.includes(r.id));
		if (c) {
			server.region = r;
			server.coordinator = c;
			break;
		}
	}
	if (!server.coordinator)
		throw new Error('the demo data holds no active coordinator serving a region');

	const add = (u, ...flags) =>
		cli(['user', 'add', u.username, '--db', dbUrl, '--name', u.name, ...flags], u.password + '\n');
	add(USERS.intake, '--role', 'intake', '--region', String(server.region.id));
	add(USERS.manager, '--role', 'regional_manager', '--all-regions');
	add(USERS.coordinator, '--role', 'coordinator', '--coordinator', String(server.coordinator.id));
	add(USERS.admin, '--role', 'admin');

	// a test process that dies leaves no server behind
	process.on('exit', () => { server.proc?.kill('SIGKILL'); });

	/** SIGTERM; fails unless kring exits 0. */
	server.stop = async () => {
		const proc = server.proc;
		if (!proc)
			return;
		server.proc = null;
		let ex = server.exited();
		if (!ex) {
			const done = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
			proc.kill('SIGTERM');
			ex = await Promise.race([done, sleep(STOP_TIMEOUT).then(() => null)]);
			if (!ex) {
				proc.kill('SIGKILL');
				throw new Error(`kring serve did not stop within ${STOP_TIMEOUT / 1000}s of SIGTERM; ` +
					`stderr (${tmp}):\n${server.stderr().slice(-3000)}`);
			}
		} else {
			throw new Error(`kring serve had exited by itself (${ex.code ?? ex.signal}); ` +
				`stderr (${tmp}):\n${server.stderr().slice(-3000)}`);
		}
		if (ex.code !== 0)
			throw new Error(`kring serve exited ${ex.code ?? ex.signal} after SIGTERM (expected 0); ` +
				`stderr (${tmp}):\n${server.stderr().slice(-3000)}`);
		if (!process.env.KRING_BROWSER_KEEP)
			fs.rmSync(tmp, { recursive: true, force: true });
	};
	return server;
}

// ---- the browser ------------------------------------------------------

export const CHROMIUM_ARGS = [
	'--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let playwright = null;

/** Chromium through playwright-core (a fresh profile of its own). */
export async function launchBrowser() {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} is missing (apt-get install chromium, or set KRING_CHROMIUM)`);
	playwright ??= await import('playwright-core');
	return playwright.chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		timeout: 60000,
	});
}

// what went wrong on a page that a user would not see in the markup:
// dialogs, uncaught errors, CSP blocks
const troubles = new WeakMap();

/** What a page ran into so far: { dialogs, errors, csp }. */
export function pageTroubles(page) {
	return troubles.get(page) ?? { dialogs: [], errors: [], csp: [] };
}

function watch(page) {
	const t = { dialogs: [], errors: [], csp: [] };
	troubles.set(page, t);
	page.on('dialog', (d) => {
		// "leave with unsaved changes?" (kring.js guards changed forms): leave
		if (d.type() === 'beforeunload') {
			d.accept().catch(() => {});
			return;
		}
		t.dialogs.push(`${d.type()}: ${d.message()} (on ${page.url()})`);
		d.dismiss().catch(() => {});
	});
	page.on('pageerror', (e) => t.errors.push(`${e.message} (on ${page.url()})`));
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
			t.csp.push(`${m.text()} (on ${page.url()})`);
	});
	return page;
}

/**
 * A new context (own cookies) and page on server. options go to
 * browser.newContext (viewport, bypassCSP, locale ...).
 */
export async function newPage(browser, server, options = {}) {
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 1280, height: 800 },
		locale: 'nl-NL',
		...options,
	});
	context.setDefaultTimeout(10000);
	context.setDefaultNavigationTimeout(15000);
	const page = watch(await context.newPage());
	return page;
}

/** Closes the page's context. */
export async function closePage(page) {
	await page.context().close();
}

/**
 * GET path; fails unless the answer is status (200) and HTML, and the page
 * is the one asked for (not a redirect to /login, say).
 */
export async function visit(page, p, { status = 200, redirect = false } = {}) {
	const r = await page.goto(p);
	assert.ok(r, `GET ${p}: no answer`);
	const asked = new URL(p, page.url()).pathname;
	const got = new URL(page.url()).pathname;
	if (!redirect && got !== asked)
		assert.fail(`GET ${p} ended on ${got} instead (redirected${got === '/login' ? ': not logged in' : ''})`);
	const type = r.headers()['content-type'] || '';
	if (r.status() !== status) {
		let body = '';
		try { body = await r.text(); } catch { /* none */ }
		const h1 = body.match(/<h1[^>]*>([\s\S]*?)<\/h1>/i);
		body = h1 ? `the page says "${h1[1].replace(/<[^>]*>/g, '').trim()}"` : `body: ${body.slice(0, 300)}`;
		assert.fail(`GET ${p}: status ${r.status()}, expected ${status}; ${body}`);
	}
	if (status === 200)
		assert.match(type, /^text\/html/, `GET ${p}: Content-Type ${type}, expected text/html`);
	return r;
}

// the submit button of a form (its only submit button)
export const SUBMIT = ':is(button:not([type]), button[type=submit], input[type=submit])';

/** The form holding a field named name (a Locator). */
export function formWith(page, name) {
	return page.locator(`form:has([name="${name}"])`).first();
}

/**
 * Clicks form's submit button and waits for the page it leads to.
 * Returns the main-frame response.
 */
export async function submit(page, form, which = null) {
	const buttons = form.locator(which ?? SUBMIT);
	const n = await buttons.count();
	assert.ok(n >= 1, `${page.url()}: the form has no submit button (${which ?? SUBMIT})`);
	const from = page.url();
	try {
		const [resp] = await Promise.all([
			page.waitForNavigation({ waitUntil: 'load' }),
			buttons.first().click(),
		]);
		return resp;
	} catch (e) {
		// say why nothing happened: the browser's own checks stopped it?
		const invalid = await form.evaluate((f) => [...f.querySelectorAll(':invalid')]
			.map((x) => `${x.name || x.id || x.tagName}: ${x.validationMessage}`)).catch(() => []);
		throw new Error(`${from}: sending the form did not lead to a page (${e.message.split('\n')[0]})` +
			(invalid.length ? `; the browser refused these fields: ${invalid.join('; ')}` : ''));
	}
}

/** Logs in through /login; fails with the page's message when it does not work. */
export async function login(page, user, password = user.password) {
	const username = typeof user === 'string' ? user : user.username;
	await visit(page, '/login');
	const form = formWith(page, 'password');
	await form.locator('[name="username"]').fill(username);
	await form.locator('[name="password"]').fill(password);
	const resp = await submit(page, form);
	const url = new URL(page.url());
	if (url.pathname === '/login') {
		const alert = await page.locator('[role=alert], .utrecht-alert').allInnerTexts().catch(() => []);
		const main = alert.length ? alert.join(' | ') : await page.locator('main').innerText().catch(() => '(no main)');
		assert.fail(`login as ${username}: POST /login answered ${resp?.status()} and stayed on /login; the page says: ${main.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
	}
	await assert.doesNotReject(
		page.locator('form[action$="/logout"]').first().waitFor({ state: 'attached', timeout: 5000 }),
		`login as ${username}: landed on ${url.pathname} but the page has no logout form (form[action$="/logout"])`);
}

/** Logs out with the header's button; fails unless it lands on the login form. */
export async function logout(page) {
	const form = page.locator('form[action$="/logout"]').first();
	assert.equal(await form.count(), 1, `${page.url()}: no logout form (form[action$="/logout"])`);
	assert.equal(await form.locator('input[type=hidden][name="csrf"]').count(), 1,
		`${page.url()}: the logout form has no hidden csrf field`);
	await submit(page, form);
	// logged out: the start page sends us to the login form again
	await visit(page, '/', { redirect: true });
	assert.equal(new URL(page.url()).pathname, '/login',
		`after logging out, GET / should lead to /login, not ${page.url()}`);
}

// ---- axe-core ----------------------------------------------------------

let axeSource = null;
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is. Returns the
 * violations (empty when none). The page's CSP stays in force: the script is
 * evaluated through the DevTools protocol, not added as a tag.
 */
export async function checkA11y(page, label = page.url()) {
	axeSource ??= fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
	if (!(await page.evaluate(() => typeof window.axe === 'object')))
		await page.evaluate(axeSource);
	const result = await page.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary, html: n.html })),
		}));
	}, A11Y_TAGS);
	result.label = label;
	return result;
}

/** A readable list of violations. */
export function formatViolations(label, violations) {
	const lines = [`${label}: ${violations.length} accessibility violation(s)`];
	for (const v of violations) {
		lines.push(`  - ${v.id} [${v.impact}] ${v.help}`);
		for (const n of v.nodes.slice(0, 8))
			lines.push(`      at ${n.target.join(' ')}  ${n.html.slice(0, 160).replace(/\s+/g, ' ')}`);
		if (v.nodes.length > 8)
			lines.push(`      ... and ${v.nodes.length - 8} more`);
	}
	return lines.join('\n');
}

/** Fails listing every violation (id, impact, help, targets). */
export async function assertAccessible(page, label = page.url()) {
	const v = await checkA11y(page, label);
	if (v.length)
		assert.fail(formatViolations(label, v));
}

/** Fails when the page hit a CSP block, a dialog or an uncaught error. */
export function assertNoTroubles(page, label = page.url()) {
	const t = pageTroubles(page);
	const all = [
		...t.dialogs.map((d) => `dialog: ${d}`),
		...t.errors.map((e) => `script error: ${e}`),
		...t.csp.map((c) => `CSP block: ${c}`),
	];
	if (all.length)
		assert.fail(`${label}:\n  ${all.join('\n  ')}`);
}

// ---- reading pages ----------------------------------------------------

/** The hidden csrf field of every form on the page is there and not empty. */
export async function assertCsrf(page, label = page.url()) {
	const forms = page.locator('form[method=post i], form[method=POST]');
	const n = await forms.count();
	for (let i = 0; i < n; i++) {
		const f = forms.nth(i);
		const action = await f.getAttribute('action');
		const v = await f.locator('input[type=hidden][name="csrf"]').first().getAttribute('value').catch(() => null);
		assert.ok(v, `${label}: the form with action ${action} has no hidden csrf field with a value`);
	}
}

/** The id of the case page we are on (/requests/{id}). */
export function caseIdFrom(page) {
	const m = new URL(page.url()).pathname.match(/^\/requests\/([1-9][0-9]*)$/);
	assert.ok(m, `expected to be on a case page /requests/{id}, but on ${page.url()}`);
	return Number(m[1]);
}

/** The error summary at the top of a form page (a Locator). */
export function errorSummary(page) {
	return page.locator('[role=alert]').first();
}

/** Saves a PNG in SCREENSHOTS (overwriting it). */
export async function screenshot(page, name, { fullPage = false } = {}) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, name + '.png');
	const tmp = file + '.tmp';
	await page.screenshot({ path: tmp, fullPage, type: 'png', animations: 'disabled' });
	fs.renameSync(tmp, file);
	return file;
}

// ---- filling forms --------------------------------------------------------

/**
 * Sets the field name of form (a Locator) to value, whatever the widget:
 * select (value, or { label: 'text' } for the option whose text contains
 * it), checkbox (true/false; a group of checkboxes named alike: an array of
 * the values to tick), radio group (the value), textarea (an array: one
 * line each) or input. Fails naming the field when it is not there.
 */
export async function fillField(form, name, value) {
	const els = form.locator(`[name="${name}"]:not([type=hidden])`);
	const n = await els.count();
	assert.ok(n >= 1, `the form has no field name="${name}"`);
	const el = els.first();
	const tag = await el.evaluate((e) => e.tagName.toLowerCase());
	const type = tag === 'input' ? ((await el.getAttribute('type')) || 'text').toLowerCase() : tag;
	if (tag === 'select') {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			const opts = await el.locator('option').evaluateAll((os) => os.map((o) => ({ v: o.value, t: o.textContent })));
			const hit = opts.find((o) => o.t.includes(value.label));
			assert.ok(hit, `select name="${name}": no option whose text contains "${value.label}" (options: ${opts.map((o) => o.t.trim()).join(', ')})`);
			await el.selectOption(hit.v);
		} else {
			const got = await el.selectOption(Array.isArray(value) ? value.map(String) : String(value ?? ''));
			assert.ok(got.length, `select name="${name}": no option with value ${value}`);
		}
		return;
	}
	if (type === 'checkbox') {
		if (Array.isArray(value)) {
			for (let i = 0; i < n; i++) {
				const box = els.nth(i);
				const want = value.includes(await box.getAttribute('value'));
				await box.setChecked(want);
			}
			for (const v of value)
				assert.equal(await form.locator(`[name="${name}"][value="${v}"]`).count(), 1,
					`checkbox group name="${name}" has no box with value="${v}"`);
		} else {
			const box = form.locator(`input[type=checkbox][name="${name}"]`).first();
			await box.setChecked(value === true || value === 'true');
		}
		return;
	}
	if (type === 'radio') {
		const r = form.locator(`input[type=radio][name="${name}"][value="${String(value)}"]`);
		assert.equal(await r.count(), 1, `radio group name="${name}" has no button with value="${value}"`);
		await r.check();
		return;
	}
	await el.fill(Array.isArray(value) ? value.join('\n') : String(value ?? ''));
}

/** fillField for each [name, value] of values (an object), in order. */
export async function fillForm(form, values) {
	for (const [k, v] of Object.entries(values))
		await fillField(form, k, v);
}

/**
 * What field name of form holds now, in the shape fillField takes: select
 * and inputs their value, a checkbox true/false, a group of checkboxes the
 * array of ticked values, a radio group the checked value (or null).
 */
export async function readField(form, name) {
	const els = form.locator(`[name="${name}"]:not([type=hidden])`);
	const n = await els.count();
	if (n === 0)
		return undefined;
	const el = els.first();
	const info = await el.evaluate((e) => ({ tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase() }));
	if (info.type === 'checkbox') {
		const boxes = await els.evaluateAll((bs) => bs.map((b) => ({ v: b.value, c: b.checked })));
		if (boxes.length > 1 || (boxes[0].v !== 'true' && boxes[0].v !== 'on' && boxes[0].v !== '1'))
			return boxes.filter((b) => b.c).map((b) => b.v);
		return boxes[0].c;
	}
	if (info.type === 'radio')
		return (await els.evaluateAll((bs) => bs.find((b) => b.checked)?.value ?? null));
	return el.inputValue();
}

/** Normalises a value as fillField takes it to what readField gives back. */
export function expected(value) {
	if (Array.isArray(value))
		return value;
	if (typeof value === 'boolean')
		return value;
	return String(value);
}

// ---- the message catalogue (po/LANG/*.po) ---------------------------------

const catalogues = {};

/** The texts of po/LANG/*.po: Map key -> text. */
export function catalogue(lang = 'nl') {
	if (catalogues[lang])
		return catalogues[lang];
	const m = new Map();
	const dir = path.join(ROOT, 'po', lang);
	const unq = (s) => s.trim().slice(1, -1).replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
	for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.po')) : []) {
		let key = null, text = null, cur = null;
		const flush = () => { if (key) m.set(key, text); key = text = cur = null; };
		for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
			if (line.startsWith('msgid ')) { flush(); key = unq(line.slice(6)); cur = 'id'; }
			else if (line.startsWith('msgstr ')) { text = unq(line.slice(7)); cur = 'str'; }
			else if (line.startsWith('"')) {
				if (cur === 'id') key += unq(line);
				else if (cur === 'str') text += unq(line);
			}
		}
		flush();
	}
	catalogues[lang] = m;
	return m;
}

/** The text of the first of keys the catalogue has; fails naming them all. */
export function text(keys, lang = 'nl') {
	const c = catalogue(lang);
	for (const k of [].concat(keys))
		if (c.has(k))
			return c.get(k);
	assert.fail(`the ${lang} catalogue (po/${lang}/*.po) has none of: ${[].concat(keys).join(', ')}`);
}

/** The label of a state of a case ("Afgesloten" for closed in Dutch). */
export const stateLabel = (state, lang = 'nl') =>
	text([`state.${state}`, `enum.request.state.${state}`], lang);

/** The label of a lifecycle action. */
export const actionLabel = (action, lang = 'nl') => text([`action.${action}`], lang);

/** The texts of the messages (role=alert) on the page, for failure messages. */
export async function alerts(page) {
	const t = await page.locator('[role=alert]').allInnerTexts().catch(() => []);
	return t.length ? t.map((x) => x.replace(/\s+/g, ' ').trim()).join(' | ') : '(no message with role=alert)';
}
