// The audit trail: every ops action, who took it, when, and how many uploads it changed.

import { getJson } from './api.js';
import { refreshBulk } from './bulk.js';
import { el, time } from './format.js';

export async function refreshAudit() {
	const entries = await getJson('/api/v1/ops/audit?limit=20');
	await refreshBulk(entries);
	document.getElementById('audit').replaceChildren(...(entries.length
		? entries.map(row)
		: [el('tr', {}, el('td', { colspan: 6, class: 'empty', text: 'No actions yet.' }))]));
}

function row(entry) {
	return el('tr', { 'data-audit-id': entry.id },
		el('td', {}, time(entry.createdAt)),
		el('td', { text: entry.actor }),
		el('td', { text: `${entry.action} ${entry.scope}${entry.state === 'done' ? '' : ` (${entry.state})`}` }),
		el('td', { class: 'criteria', text: describe(entry) }),
		el('td', { class: 'number', text: entry.requested }),
		el('td', { class: 'number', text: entry.affected }));
}

function describe(entry) {
	const criteria = entry.criteria ?? {};
	if (criteria.uploadIds) {
		const ids = criteria.uploadIds;
		return ids.length === 1 ? `upload ${ids[0]}` : `${ids.length} uploads`;
	}
	if (criteria.images) {
		return 'all served images';
	}
	const parts = Object.entries(criteria).map(([name, value]) => `${name} = ${value}`);
	return parts.length ? `failed with ${parts.join(', ')}` : 'all failed';
}
