// The uploads retried from this page, followed until they end: done (with the image now
// served), superseded (a newer upload is served) or failed again. Their status comes from
// the console's own API, GET /api/v1/ops/uploads/{id}, so the page needs no other service.

import { getJson } from './api.js';
import { el, imageKey } from './format.js';

const FINAL = new Set(['done', 'failed', 'superseded', 'deleted']);
const tracked = new Map();

export function trackRetried(item) {
	tracked.set(item.uploadId, { item, status: 'queued', imageUrl: null, error: null });
	render();
}

export async function refreshRetried() {
	const pending = [...tracked.values()].filter((entry) => !FINAL.has(entry.status));
	await Promise.all(pending.map(async (entry) => {
		const status = await getJson(`/api/v1/ops/uploads/${entry.item.uploadId}`);
		entry.status = status.status;
		entry.imageUrl = status.imageUrl;
		entry.error = status.error ?? null;
	}));
	render();
}

function render() {
	const section = document.getElementById('retried-section');
	section.hidden = tracked.size === 0;
	const items = [...tracked.values()].reverse().map((entry) => {
		const parts = [
			el('span', { class: 'key', text: imageKey(entry.item) }),
			el('span', { class: `status ${entry.status}`, text: entry.status }),
		];
		if (entry.status === 'done' && entry.imageUrl) {
			parts.push(el('a', { href: entry.imageUrl, target: '_blank', rel: 'noopener', text: 'served image' }));
			const served = el('img', { src: rendition(entry.imageUrl), alt: `Served image of ${imageKey(entry.item)}`,
				class: 'thumb small' });
			served.addEventListener('error', () => served.remove());
			parts.push(served);
		}
		if (entry.status === 'superseded') {
			parts.push(el('span', { class: 'muted', text: 'a newer upload of this image is served' }));
		}
		if (entry.status === 'failed' && entry.error) {
			parts.push(el('span', { class: 'reason', text: entry.error }));
		}
		return el('li', { 'data-upload-id': entry.item.uploadId }, ...parts);
	});
	document.getElementById('retried').replaceChildren(...items);
}

function rendition(url) {
	const served = new URL(url);
	served.searchParams.set('w', '64');
	return served.toString();
}
