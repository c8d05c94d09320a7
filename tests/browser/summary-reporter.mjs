// A node:test reporter that ends with one line per test file and a total:
//
//   browser: lifecycle.test.mjs            1 passed,   0 failed
//   browser: 23 passed, 2 failed
//
// Counted are the tests that do not hold other tests, plus every suite that
// failed for its own sake (a failing before/after hook: the server did not
// start, or did not stop cleanly), plus files that failed to load. The spec
// reporter, run alongside, shows the details of each failure.
import path from 'node:path';

export default async function* summary(source) {
	const files = new Map();
	const failures = [];
	const row = (file) => {
		const key = file ? path.basename(file) : '(no file)';
		if (!files.has(key))
			files.set(key, { passed: 0, failed: 0, skipped: 0 });
		return files.get(key);
	};
	// a test's children are reported before it: a test reported at a
	// lower nesting than the one before it (in its file) has children
	const lastNesting = new Map();
	for await (const ev of source) {
		if (ev.type !== 'test:pass' && ev.type !== 'test:fail')
			continue;
		const d = ev.data;
		const before = lastNesting.get(d.file) ?? -1;
		lastNesting.set(d.file, d.nesting);
		const suite = d.details?.type === 'suite' || before > d.nesting;
		const r = row(d.file);
		if (ev.type === 'test:pass') {
			if (suite)
				continue;
			if (d.skip || d.todo)
				r.skipped++;
			else
				r.passed++;
		} else {
			const err = d.details?.error;
			if (err?.failureType === 'subtestsFailed')
				continue;
			if (d.todo)
				continue;
			r.failed++;
			const msg = String(err?.cause?.message ?? err?.message ?? err ?? '').split('\n')[0];
			failures.push(`  ${path.basename(d.file ?? '')}: ${d.name}: ${msg.slice(0, 300)}`);
		}
	}
	let p = 0, f = 0;
	let out = '\n';
	if (failures.length)
		out += `browser: failed tests:\n${failures.join('\n')}\n`;
	for (const [name, r] of [...files].sort()) {
		p += r.passed;
		f += r.failed;
		out += `browser: ${name.padEnd(28)} ${String(r.passed).padStart(3)} passed, ${String(r.failed).padStart(3)} failed` +
			(r.skipped ? `, ${r.skipped} skipped` : '') + '\n';
	}
	out += `browser: ${p} passed, ${f} failed\n`;
	yield out;
}
