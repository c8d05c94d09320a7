/*
 * kring's pages work without this script; it only helps:
 * - after a failed submit, focus moves to the summary of the errors;
 * - a form that was changed asks before the page is left unsaved.
 */
(function () {
	'use strict';
	document.addEventListener('DOMContentLoaded', function () {
		var summary = document.getElementById('error-summary');
		if (summary) {
			summary.focus();
		}
		var dirty = false;
		var forms = document.querySelectorAll('form[data-kring-guard]');
		Array.prototype.forEach.call(forms, function (form) {
			form.addEventListener('input', function () { dirty = true; });
			form.addEventListener('submit', function () { dirty = false; });
		});
		window.addEventListener('beforeunload', function (e) {
			if (dirty) {
				e.preventDefault();
				e.returnValue = '';
			}
		});
	});
}());
