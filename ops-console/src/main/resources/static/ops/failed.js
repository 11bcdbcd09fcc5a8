// The failed uploads: filters, paging, selection and the actions on them.

import { getJson, postJson } from './api.js';
import { isRunning, startBulk } from './bulk.js';
import { bytes, el, imageKey, thumbnail, time } from './format.js';
import { showHistory } from './history.js';
import { trackRetried } from './retried.js';

const WINDOWS = { PT1H: 3600e3, P1D: 86400e3, P7D: 7 * 86400e3, P30D: 30 * 86400e3 };

const state = { page: 0, size: 25, total: 0, items: [], selected: new Set(), busy: false };
let onChange = () => {};

export function initFailed(changed) {
	onChange = changed;
	const filters = document.getElementById('filters');
	filters.addEventListener('change', () => {
		state.page = 0;
		state.selected.clear();
		refreshFailed();
	});
	filters.addEventListener('submit', (event) => event.preventDefault());
	document.getElementById('previous').addEventListener('click', () => page(-1));
	document.getElementById('next').addEventListener('click', () => page(1));
	document.getElementById('select-all').addEventListener('change', (event) => {
		for (const item of state.items.filter((item) => !item.discarded)) {
			if (event.target.checked) {
				state.selected.add(item.uploadId);
			}
			else {
				state.selected.delete(item.uploadId);
			}
		}
		render();
	});
	document.getElementById('retry-selected').addEventListener('click', (event) =>
		act(event.target, () => retry([...state.selected])));
	document.getElementById('discard-selected').addEventListener('click', (event) =>
		act(event.target, () => discard([...state.selected])));
	document.getElementById('retry-matching').addEventListener('click', (event) =>
		act(event.target, retryMatching));
	document.getElementById('reprocess-all').addEventListener('click', (event) => {
		if (window.confirm('Compress every served image again from its original, with the current presets?')) {
			act(event.target, reprocessAll);
		}
	});
}

function page(delta) {
	state.page = Math.max(0, state.page + delta);
	state.selected.clear();
	refreshFailed();
}

function filter() {
	const form = new FormData(document.getElementById('filters'));
	const result = {};
	for (const name of ['errorClass', 'ownerType']) {
		if (form.get(name)) {
			result[name] = form.get(name);
		}
	}
	if (form.get('window')) {
		result.from = new Date(Date.now() - WINDOWS[form.get('window')]).toISOString();
	}
	result.includeDiscarded = form.get('includeDiscarded') === 'on';
	return result;
}

export async function refreshFailed() {
	if (state.busy) {
		return;
	}
	const query = new URLSearchParams({ ...filter(), page: state.page, size: state.size });
	const result = await getJson(`/api/v1/ops/failed?${query}`);
	state.items = result.items;
	state.total = result.total;
	const visible = new Set(result.items.map((item) => item.uploadId));
	for (const id of [...state.selected]) {
		if (!visible.has(id)) {
			state.selected.delete(id);
		}
	}
	fillOptions('errorClass', result.errorClasses);
	fillOptions('ownerType', result.ownerTypes);
	render();
}

function fillOptions(name, values) {
	const select = document.querySelector(`#filters select[name=${name}]`);
	const current = select.value;
	const known = [...select.options].map((option) => option.value);
	if (known.length === values.length + 1 && values.every((value) => known.includes(value))) {
		return;
	}
	select.replaceChildren(el('option', { value: '', text: 'all' }),
		...values.map((value) => el('option', { value, text: value })));
	select.value = values.includes(current) ? current : '';
}

// Rows are kept while their upload does not change, so a refresh never replaces a button
// under the pointer: a click that starts before a refresh still lands.
const rows = new Map();

function render() {
	const wanted = state.items.length ? state.items.map(cachedRow)
		: [el('tr', {}, el('td', { colspan: 9, class: 'empty', text: 'No failed uploads match.' }))];
	const body = document.getElementById('failed');
	const current = [...body.children];
	if (current.length !== wanted.length || current.some((node, index) => node !== wanted[index])) {
		body.replaceChildren(...wanted);
	}
	const visible = new Set(state.items.map((item) => item.uploadId));
	for (const id of [...rows.keys()]) {
		if (!visible.has(id)) {
			rows.delete(id);
		}
	}
	const first = state.total === 0 ? 0 : state.page * state.size + 1;
	const last = state.page * state.size + state.items.length;
	document.getElementById('page').textContent = `${first}–${last} of ${state.total}`;
	document.getElementById('failed-count').textContent = `${state.total} failed upload${state.total === 1 ? '' : 's'} match`;
	document.getElementById('previous').disabled = state.page === 0;
	document.getElementById('next').disabled = last >= state.total;
	document.getElementById('retry-selected').disabled = state.selected.size === 0;
	document.getElementById('discard-selected').disabled = state.selected.size === 0;
	document.getElementById('retry-matching').disabled = state.total === 0 || isRunning('retry');
	const selectable = state.items.filter((item) => !item.discarded);
	document.getElementById('select-all').checked = selectable.length > 0
		&& selectable.every((item) => state.selected.has(item.uploadId));
}

function cachedRow(item) {
	const signature = JSON.stringify(item) + state.selected.has(item.uploadId);
	const cached = rows.get(item.uploadId);
	if (cached && cached.signature === signature) {
		return cached.node;
	}
	const node = row(item);
	rows.set(item.uploadId, { signature, node });
	return node;
}

function row(item) {
	const select = el('input', {
		type: 'checkbox', 'aria-label': `Select ${imageKey(item)}`, checked: state.selected.has(item.uploadId),
		disabled: item.discarded,
	});
	select.addEventListener('change', () => {
		if (select.checked) {
			state.selected.add(item.uploadId);
		}
		else {
			state.selected.delete(item.uploadId);
		}
		render();
	});
	const badges = [];
	if (item.discarded) {
		badges.push(el('span', { class: 'badge muted', text: 'discarded' }));
	}
	if (item.newerImageServed) {
		badges.push(el('span', { class: 'badge', title: 'A newer upload of this image is served: a retry ends superseded', text: 'newer served' }));
	}
	if (item.retries > 0) {
		badges.push(el('span', { class: 'badge', text: `retried ${item.retries}×` }));
	}
	return el('tr', { 'data-upload-id': item.uploadId, class: item.discarded ? 'discarded' : '' },
		el('td', {}, select),
		el('td', {}, item.discarded ? el('span', { class: 'thumb none', text: 'discarded' })
			: thumbnail(item.previewUrl, `Preview of the upload for ${imageKey(item)}`)),
		el('td', {}, el('button', { type: 'button', class: 'link', text: imageKey(item),
			onclick: () => showHistory(item.historyUrl) }), el('div', { class: 'id', text: item.uploadId })),
		el('td', {}, time(item.uploadedAt)),
		el('td', {}, time(item.failedAt)),
		el('td', { class: 'number', text: item.attempts }),
		el('td', { class: 'why' }, el('span', { class: `class ${item.errorClass}`, text: item.errorClass ?? 'unknown' }),
			el('span', { class: 'reason', text: item.error ?? '' }), ...badges),
		el('td', { class: 'what', text: `${item.mediaType}, ${bytes(item.byteSize)}, ${item.width} × ${item.height}` }),
		el('td', { class: 'actions' },
			el('button', { type: 'button', class: 'retry', disabled: item.discarded, text: 'Retry',
				onclick: (event) => act(event.target, () => retry([item.uploadId])) }),
			el('button', { type: 'button', class: 'discard danger', disabled: item.discarded, text: 'Discard',
				onclick: (event) => act(event.target, () => discard([item.uploadId])) })));
}

// One action at a time; its button stays disabled until the answer came, so a double
// click sends one request (and the server would change nothing the second time anyway).
async function act(button, action) {
	if (state.busy) {
		return;
	}
	state.busy = true;
	button.disabled = true;
	try {
		say(await action());
	}
	catch (error) {
		say(`Failed: ${error.message}`, true);
	}
	finally {
		state.busy = false;
		state.selected.clear();
		rows.clear();
		await refreshFailed().catch(() => {});
		onChange();
	}
}

async function retry(ids) {
	const retried = state.items.filter((item) => ids.includes(item.uploadId));
	const result = await postJson('/api/v1/ops/retries', { uploadIds: ids });
	for (const item of retried.filter((item) => result.uploadIds.includes(item.uploadId))) {
		trackRetried(item);
	}
	const skipped = result.requested - result.affected;
	return `Requeued ${result.affected} of ${result.requested} upload${result.requested === 1 ? '' : 's'}.`
		+ (skipped ? ` ${skipped} ${skipped === 1 ? 'was' : 'were'} no longer failed, or had no raw bytes left (discarded, deleted, or freed by the retention) and cannot be retried.` : '');
}

async function discard(ids) {
	const result = await postJson('/api/v1/ops/discards', { uploadIds: ids });
	return `Discarded ${result.affected} of ${result.requested} upload${result.requested === 1 ? '' : 's'}; their bytes are deleted.`;
}

async function retryMatching() {
	const { includeDiscarded, ...matching } = filter();
	return startBulk('/api/v1/ops/retries/matching', matching);
}

async function reprocessAll() {
	return startBulk('/api/v1/ops/reprocessing', {});
}

function say(text, error = false) {
	const message = document.getElementById('message');
	message.textContent = text;
	message.classList.toggle('error', error);
}
