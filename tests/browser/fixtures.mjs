// What the browser tests visit: ids out of the demo data (found through the
// JSON API as the demo account), and the list of every page type.
export const ACTIONS = {
	'decide-funding': 'requested',
	'assign-coordinator': 'funding_decided',
	'start-preparation': 'coordinator_assigned',
	'schedule-conference': 'preparation',
	'record-conference': 'conference_scheduled',
	'judge-plan': 'conference_held',
	'start-follow-up': 'plan_judged',
	'close': 'follow_up',
	'stop': 'requested',
};
export const CHILDREN = ['network-members', 'plan-actions', 'measures', 'follow-ups', 'costs'];
export const ADMIN = ['regions', 'organisations', 'funders', 'agreements', 'coordinators'];

const first = async (server, p) => {
	const r = await server.api('GET', p);
	if (!r.items?.length)
		throw new Error(`the demo data has nothing for GET /api/v1${p}`);
	return r.items[0];
};

/**
 * Ids from the demo data: a case per state (byState), a case in follow_up
 * with a record of every kind (full), and one record of every kind.
 */
export async function demoFixtures(server) {
	const fx = { byState: {}, child: {}, admin: {} };
	for (const state of new Set(Object.values(ACTIONS)))
		fx.byState[state] = (await first(server, `/requests?state=${state}&limit=1`)).id;
	fx.byState.closed = (await first(server, '/requests?state=closed&limit=1')).id;

	// a case in follow-up that holds a record of every kind under it
	const cases = (await server.api('GET', '/requests?state=follow_up&limit=100')).items;
	for (const c of [...cases, ...(await server.api('GET', '/requests?state=closed&limit=100')).items]) {
		const ids = {};
		for (const ch of CHILDREN) {
			const r = await server.api('GET', `/requests/${c.id}/${ch}?limit=1`);
			if (!r.items?.length)
				break;
			ids[ch] = r.items[0].id;
		}
		if (Object.keys(ids).length === CHILDREN.length) {
			fx.full = c.id;
			fx.child = ids;
			break;
		}
	}
	if (!fx.full)
		throw new Error('the demo data holds no case with a record of every kind');
	for (const a of ADMIN)
		fx.admin[a] = (await first(server, `/${a}?limit=1`)).id;
	fx.demoUserId = server.demoUserId;
	return fx;
}

/** Every page type, as { label, path }, for a user holding every role. */
export function allPages(fx) {
	const full = fx.full;
	const pages = [
		{ label: 'start page', path: '/' },
		{ label: 'my account', path: '/account' },
		{ label: 'accessibility statement', path: '/accessibility' },
		{ label: 'privacy statement', path: '/privacy' },
		{ label: 'request list', path: '/requests' },
		{ label: 'request list, filtered', path: '/requests?state=closed' },
		{ label: 'request form', path: '/requests/new' },
		{ label: 'case page', path: `/requests/${full}` },
		{ label: 'case page (new request)', path: `/requests/${fx.byState.requested}` },
		{ label: 'request edit form', path: `/requests/${full}/edit` },
		{ label: 'plan form', path: `/requests/${full}/plan/edit` },
		{ label: 'conference form', path: `/requests/${full}/conference/edit` },
		{ label: 'printable plan', path: `/requests/${full}/plan/print` },
	];
	for (const [action, state] of Object.entries(ACTIONS))
		pages.push({ label: `action form ${action}`, path: `/requests/${fx.byState[state]}/${action}` });
	for (const ch of CHILDREN) {
		pages.push({ label: `new ${ch} form`, path: `/requests/${full}/${ch}/new` });
		pages.push({ label: `${ch} edit form`, path: `/${ch}/${fx.child[ch]}/edit` });
	}
	for (const a of ADMIN) {
		pages.push({ label: `${a} list`, path: `/${a}` });
		pages.push({ label: `new ${a} form`, path: `/${a}/new` });
		pages.push({ label: `${a} edit form`, path: `/${a}/${fx.admin[a]}/edit` });
	}
	pages.push({ label: 'administration', path: '/admin' });
	pages.push({ label: 'users list', path: '/users' });
	pages.push({ label: 'new user form', path: '/users/new' });
	pages.push({ label: 'user edit form', path: `/users/${fx.demoUserId}/edit` });
	pages.push({ label: 'reports', path: '/reports' });
	for (const r of ['annual', 'outcomes', 'costs'])
		pages.push({ label: `report ${r}`, path: `/reports/${r}` });
	pages.push({ label: 'report with a bad filter', path: '/reports/outcomes?from=2010-13-01' });
	pages.push({ label: 'invoices', path: '/invoices' });
	return pages;
}

/** The main pages (for the small-screen pass). */
export function mainPages(fx) {
	return [
		{ label: 'start page', path: '/' },
		{ label: 'request list', path: '/requests' },
		{ label: 'request form', path: '/requests/new' },
		{ label: 'case page', path: `/requests/${fx.full}` },
		{ label: 'plan form', path: `/requests/${fx.full}/plan/edit` },
		{ label: 'new network member form', path: `/requests/${fx.full}/network-members/new` },
		{ label: 'action form record-conference', path: `/requests/${fx.byState.conference_scheduled}/record-conference` },
		{ label: 'my account', path: '/account' },
		{ label: 'coordinators list', path: '/coordinators' },
		{ label: 'printable plan', path: `/requests/${fx.full}/plan/print` },
		{ label: 'annual report', path: '/reports/annual' },
	];
}
