// The bulk actions (retry all matching, reprocess all) run in the background: the page
// starts one and shows its progress, read from its audit entry, until it has finished;
// one running when the page opens (started elsewhere, or before a restart) shows too. One
// of each kind runs at a time: its button is off meanwhile, and the server refuses a
// second start (409) naming the one that runs, which the page then follows.

import { getJson, postJson } from './api.js';
import { el, time } from './format.js';

const BUTTONS = { retry: 'retry-matching', reprocess: 'reprocess-all' };
const NOUNS = { retry: 'failed upload', reprocess: 'image' };
const TITLES = { retry: 'Retry all matching', reprocess: 'Reprocess all images' };
const followed = new Map();

// Whether an action of this kind ('retry', 'reprocess') is running.
export function isRunning(kind) {
	return [...followed.values()].some((entry) => entry.action === kind && entry.state === 'running');
}

// Start a bulk action; answers what to tell the operator.
export async function startBulk(path, body) {
	try {
		const entry = await postJson(path, body);
		follow(entry);
		return `${TITLES[entry.action]} started in the background (action ${entry.id}); its progress shows below.`;
	}
	catch (error) {
		if (error.problem && error.problem.actionId) {
			follow(await getJson(`/api/v1/ops/actions/${error.problem.actionId}`));
		}
		throw error;
	}
}

// The running bulk actions among the latest audit entries, and the news of the followed ones.
export async function refreshBulk(entries) {
	for (const entry of entries.filter(isBulk)) {
		if (entry.state === 'running' || followed.has(entry.id)) {
			followed.set(entry.id, entry);
		}
	}
	const running = [...followed.values()].filter((entry) => entry.state === 'running');
	await Promise.all(running.map(async (entry) => {
		followed.set(entry.id, await getJson(`/api/v1/ops/actions/${entry.id}`));
	}));
	render();
}

function follow(entry) {
	followed.set(entry.id, entry);
	render();
}

function isBulk(entry) {
	return entry.scope === 'all' || entry.scope === 'matching';
}

function render() {
	const items = [...followed.values()].sort((a, b) => b.id - a.id).slice(0, 4).map(item);
	document.getElementById('bulk-actions').replaceChildren(...items);
	// retry-matching is also off while no failed upload matches (failed.js)
	document.getElementById(BUTTONS.retry).disabled ||= isRunning('retry');
	document.getElementById(BUTTONS.reprocess).disabled = isRunning('reprocess');
}

function item(entry) {
	const noun = NOUNS[entry.action] ?? 'item';
	const done = entry.action === 'reprocess' ? 'queued again' : 'requeued';
	const of = `${entry.affected} of ${entry.requested} ${noun}${entry.requested === 1 ? '' : 's'} ${done}`;
	const batches = `${entry.batches} batch${entry.batches === 1 ? '' : 'es'}`;
	const state = {
		running: 'running',
		done: 'done',
		interrupted: 'interrupted: a newer run of this kind took over',
		failed: `failed: ${entry.lastError ?? 'see the log'}`,
	}[entry.state] ?? entry.state;
	return el('li', { class: `bulk-action ${entry.state}`, 'data-action-id': entry.id },
		el('span', { class: 'title', text: `${TITLES[entry.action] ?? entry.action} (action ${entry.id}, ${entry.actor})` }),
		el('progress', { max: Math.max(entry.requested, 1), value: Math.min(entry.affected, Math.max(entry.requested, 1)),
			'aria-label': `${TITLES[entry.action]} progress` }),
		el('span', { class: 'state', text: `${state}: ${of} in ${batches}` }),
		el('span', { class: 'when' }, time(entry.createdAt)));
}
