// The history of one image: what is served now, and every upload with its attempts and
// the rounds that failed before a retry.

import { getJson } from './api.js';
import { bytes, el, thumbnail, time } from './format.js';

let current = null;

export function initHistory() {
	document.getElementById('close-history').addEventListener('click', () => {
		current = null;
		document.getElementById('history-section').hidden = true;
	});
}

export async function showHistory(url) {
	current = url;
	await refreshHistory();
	document.getElementById('history-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

export async function refreshHistory() {
	if (!current) {
		return;
	}
	const history = await getJson(current);
	const key = `${history.ownerType}/${history.ownerId}/${history.slot}`;
	document.getElementById('history-title').textContent = `History of ${key}`;
	document.getElementById('served').replaceChildren(served(history, key));
	document.getElementById('history').replaceChildren(...history.uploads.map(upload));
	document.getElementById('history-section').hidden = false;
}

function served(history, key) {
	if (!history.served) {
		return el('p', { class: 'muted', text: 'No image is served for this key yet.' });
	}
	const image = el('img', { src: history.served.url, alt: `Served image of ${key}`, class: 'thumb' });
	image.addEventListener('error', () => image.remove());
	return el('p', { class: 'served' }, image, 'Served now: version ', String(history.served.version), ', from upload ',
		el('code', { text: history.served.uploadId }), ', written ', time(history.served.updatedAt), '. ',
		el('a', { href: history.served.url, target: '_blank', rel: 'noopener', text: 'open' }));
}

function upload(item) {
	const rounds = item.earlierRounds.map((round) => el('li', { class: 'round' },
		`Round of ${round.attempts} attempt${round.attempts === 1 ? '' : 's'} failed `, time(round.failedAt), ': ',
		el('span', { class: `class ${round.errorClass}`, text: round.errorClass ?? 'unknown' }), ' ',
		el('span', { class: 'reason', text: round.error ?? '' }), '; retried by ', el('strong', { text: round.retriedBy }),
		' ', time(round.retriedAt)));
	return el('li', { 'data-upload-id': item.uploadId, class: item.served ? 'is-served' : '' },
		item.discarded ? el('span', { class: 'thumb none', text: 'discarded' })
			: thumbnail(item.previewUrl, 'Preview of this upload'),
		el('div', {},
			el('p', {}, el('span', { class: `status ${item.status}`, text: item.status }),
				item.served ? el('span', { class: 'badge', text: 'served' }) : null,
				' uploaded ', time(item.uploadedAt), ', ', `${item.mediaType}, ${bytes(item.byteSize)}, `,
				`${item.width} × ${item.height}`, item.attempts ? `, ${item.attempts} attempt${item.attempts === 1 ? '' : 's'} this round` : '',
				item.finishedAt ? ', finished ' : '', item.finishedAt ? time(item.finishedAt) : ''),
			item.error ? el('p', {}, el('span', { class: `class ${item.errorClass}`, text: item.errorClass ?? '' }), ' ',
				el('span', { class: 'reason', text: item.error })) : null,
			el('code', { class: 'id', text: item.uploadId }),
			rounds.length ? el('ol', { class: 'rounds' }, ...rounds) : null));
}
