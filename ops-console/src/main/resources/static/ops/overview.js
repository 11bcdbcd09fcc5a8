// The overview: uploads per status, queue depths, throughput, failure rate, timings.

import { getJson } from './api.js';
import { drawChart } from './chart.js';
import { duration, el, percent } from './format.js';

const STATUS_ORDER = ['queued', 'processing', 'done', 'superseded', 'failed', 'deleted'];

let chartWindow = 'hour';
let latest = null;

export function initOverview() {
	for (const button of document.querySelectorAll('.toggle button')) {
		button.addEventListener('click', () => {
			chartWindow = button.dataset.window;
			for (const other of document.querySelectorAll('.toggle button')) {
				other.setAttribute('aria-pressed', String(other === button));
			}
			if (latest) {
				renderChart(latest);
			}
		});
	}
}

export async function refreshOverview() {
	latest = await getJson('/api/v1/ops/overview');
	renderStatuses(latest);
	renderQueues(latest);
	renderTimings(latest);
	renderStorage(latest);
	renderChart(latest);
	return latest;
}

function renderStatuses(overview) {
	const items = STATUS_ORDER.map((status) => [status, overview.statuses[status] ?? 0]);
	items.push(['discarded', overview.discarded]);
	document.getElementById('statuses').replaceChildren(
		...items.map(([name, count]) => el('div', { class: `stat ${name}`, 'data-status': name },
			el('dt', { text: name }), el('dd', { text: count.toLocaleString() }))));
}

function renderQueues(overview) {
	const rows = overview.queues.map((queue) => el('tr', { class: queue.role === 'parked' && queue.messages > 0 ? 'alert' : '' },
		el('th', { scope: 'row', title: queue.name, text: queue.role }),
		el('td', { text: queue.messages ?? (overview.brokerReachable ? 'not declared' : '?') }),
		el('td', { text: queue.consumers ?? '?' })));
	document.getElementById('queues').replaceChildren(...rows);
	const oldest = overview.oldestQueuedSeconds;
	document.getElementById('oldest').textContent = (overview.brokerReachable ? '' : 'Broker unreachable. ')
		+ (oldest === null ? 'Nothing queued.' : `Oldest queued upload waits for ${duration(oldest)}.`);
}

const STORAGE_KINDS = [['served', 'served images'], ['renditions', 'renditions'], ['raw_kept', 'raw uploads kept'],
	['raw_freed', 'raw bytes freed']];

function renderStorage(overview) {
	const stored = overview.storedBytes || {};
	document.getElementById('storage').replaceChildren(...STORAGE_KINDS.map(([kind, label]) =>
		el('div', { class: 'stat', 'data-kind': kind }, el('dt', { text: label }),
			el('dd', { text: stored[kind] === undefined || stored[kind] < 0 ? '…' : bytes(stored[kind]) }))));
}

function bytes(count) {
	if (count >= 1024 * 1024 * 1024) return `${(count / (1024 * 1024 * 1024)).toFixed(1)} GB`;
	if (count >= 1024 * 1024) return `${(count / (1024 * 1024)).toFixed(1)} MB`;
	if (count >= 1024) return `${Math.round(count / 1024)} KB`;
	return `${count} B`;
}

function renderTimings(overview) {
	const rows = [];
	for (const window of [overview.lastHour, overview.lastDay]) {
		const label = window.name === 'hour' ? 'last hour' : 'last day';
		rows.push(el('div', { class: 'stat' }, el('dt', { text: `finished, ${label}` }),
			el('dd', { text: window.processed.toLocaleString() })));
		rows.push(el('div', { class: 'stat' }, el('dt', { text: `failure rate, ${label}` }),
			el('dd', { text: percent(window.failureRate) })));
		rows.push(el('div', { class: 'stat' }, el('dt', { text: `p50 / p95, ${label}` }),
			el('dd', { text: `${duration(window.p50Seconds)} / ${duration(window.p95Seconds)}` })));
	}
	document.getElementById('timings').replaceChildren(...rows);
}

function renderChart(overview) {
	const window = chartWindow === 'hour' ? overview.lastHour : overview.lastDay;
	document.getElementById('chart-title').textContent = `Finished uploads, last ${chartWindow}`;
	drawChart(document.getElementById('chart'), window);
}
