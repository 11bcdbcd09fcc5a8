/*
 * <imagepipe-upload>: a dependency-free upload component for imagepipe.
 *
 *   <script src="https://ingest.example.com/imagepipe-upload.js" defer></script>
 *   <imagepipe-upload endpoint="https://ingest.example.com/api/v1/images/users/42/profile"></imagepipe-upload>
 *   <script>document.querySelector('imagepipe-upload').getToken = () => myApp.accessToken();</script>
 *
 * Uploads need a bearer token: set the element's getToken property to a function that
 * returns the token (or a promise of it); it is asked before every upload, so it can
 * refresh an expired one. Tokens are never put in attributes or URLs.
 * Drag and drop or a file picker; the type and size are checked before anything is sent;
 * a progress bar while the file uploads; an instant local preview that is swapped for the
 * served WebP once processing finishes (pushed by Server-Sent Events, with polling of the
 * status URL as the fallback); errors with a retry button. With the removable attribute,
 * a remove button (label from remove-label) deletes the image (DELETE on the endpoint)
 * while the element has the has-image attribute, which it sets itself once an upload is
 * ready and which a page sets when the slot already has an image. See docs/embedding.md
 * for the attributes, events and styling hooks.
 *
 * A classic script (no exports), so that it also works with a plain <script src> from
 * another origin; importing it as a module works too.
 */
(() => {
	'use strict';

	const DEFAULT_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp';
	const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
	const EXTENSIONS = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
		heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff',
		svg: 'image/svg+xml' };
	const NAMES = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/gif': 'GIF', 'image/webp': 'WebP' };
	const POLL_MILLIS = 1000;
	const SSE_ERRORS_BEFORE_POLLING = 3;

	const TEMPLATE = document.createElement('template');
	TEMPLATE.innerHTML = `
<style>
	:host { display: block; font: inherit; color: inherit; --_accent: var(--imagepipe-accent, #2563eb);
		--_danger: var(--imagepipe-danger, #b91c1c); --_radius: var(--imagepipe-radius, 12px); }
	:host([hidden]) { display: none; }
	.zone { display: flex; gap: 16px; align-items: center; padding: 14px 16px; border: 2px dashed #cbd5e1;
		border-radius: var(--_radius); background: #f8fafc; cursor: pointer; transition: border-color .15s, background .15s; }
	.zone:focus-within, .zone.over { border-color: var(--_accent); background: #eff6ff; }
	:host([state="error"]) .zone { border-color: var(--_danger); background: #fef2f2; }
	.preview { position: relative; flex: none; width: 96px; height: 96px; border-radius: 8px; overflow: hidden;
		background: #e2e8f0; color: #94a3b8; }
	.preview svg { position: absolute; inset: 28px; }
	.preview img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
	.preview img:not([src]) { visibility: hidden; }
	:host([compact]) .preview { display: none; }
	:host([compact]) .zone { padding: 10px 12px; }
	.body { flex: 1; min-width: 0; }
	p { margin: 0; }
	.prompt { font-weight: 600; }
	.hint { font-size: .85em; color: #64748b; }
	button { font: inherit; cursor: pointer; border-radius: 6px; }
	.pick { border: 0; padding: 0; background: none; color: var(--_accent); font-weight: 600; text-decoration: underline; }
	progress { display: block; width: 100%; height: 8px; margin: 8px 0 6px; accent-color: var(--_accent); }
	progress.idle { visibility: hidden; }
	.message { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; min-height: 28px; font-size: .85em; }
	.status { color: #334155; }
	.error { color: var(--_danger); font-weight: 600; }
	.retry { padding: 2px 12px; border: 1px solid var(--_danger); background: #fff; color: var(--_danger); }
	.remove { padding: 2px 12px; border: 1px solid #cbd5e1; background: #fff; color: #334155; }
	.remove:disabled { opacity: .6; cursor: progress; }
	[hidden] { display: none; }
</style>
<div class="zone" part="zone">
	<div class="preview" part="preview"><svg viewBox="0 0 24 24" aria-hidden="true"><rect x="3" y="5" width="18"
		height="14" rx="2" fill="none" stroke="currentColor" stroke-width="1.5"/><circle cx="9" cy="10" r="1.6"
		fill="currentColor"/><path d="M4 17l5-5 3.5 3.5L15 13l5 4" fill="none" stroke="currentColor" stroke-width="1.5"/></svg><img
		part="preview-image" alt=""></div>
	<div class="body">
		<p class="prompt"><slot name="label">Drop an image here or</slot>
			<button type="button" class="pick" part="pick">choose a file</button></p>
		<p class="hint" part="hint"></p>
		<progress class="idle" part="progress" max="100" value="0" aria-label="Upload progress"></progress>
		<p class="message"><span class="status" part="status" role="status" aria-live="polite"></span><span class="error"
			part="error" role="alert" hidden></span><button type="button" class="retry" part="retry" hidden>Retry</button><button
			type="button" class="remove" part="remove" hidden>Remove image</button></p>
	</div>
	<input type="file" hidden>
</div>`;

	class ImagepipeUpload extends HTMLElement {

		static get observedAttributes() {
			return ['accept', 'max-bytes', 'removable', 'remove-label', 'has-image'];
		}

		constructor() {
			super();
			const root = this.attachShadow({ mode: 'open' });
			root.appendChild(TEMPLATE.content.cloneNode(true));
			this._el = {
				zone: root.querySelector('.zone'), input: root.querySelector('input'), pick: root.querySelector('.pick'),
				hint: root.querySelector('.hint'), progress: root.querySelector('progress'),
				status: root.querySelector('.status'), error: root.querySelector('.error'),
				retry: root.querySelector('.retry'), remove: root.querySelector('.remove'),
				preview: root.querySelector('.preview img')
			};
			this._file = null;
			this._previewUrl = null;
			this._attempt = 0;
			// getToken, () => token or Promise<token>, is a plain property asked before every
			// upload; it is not given a value here, so that one set before the element was
			// upgraded (as on a card cloned from a <template>) is kept
			this._bind();
		}

		connectedCallback() {
			this._renderHint();
			this._renderRemove();
			if (!this.hasAttribute('state')) {
				this.setAttribute('state', 'idle');
			}
		}

		disconnectedCallback() {
			this._stop();
		}

		attributeChangedCallback() {
			this._renderHint();
			this._renderRemove();
		}

		/** The upload URL, such as /api/v1/images/users/42/profile (relative or absolute). */
		get endpoint() {
			return this.getAttribute('endpoint') || '';
		}

		set endpoint(value) {
			this.setAttribute('endpoint', value);
		}

		get accept() {
			return this.getAttribute('accept') || DEFAULT_ACCEPT;
		}

		get maxBytes() {
			const value = Number(this.getAttribute('max-bytes'));
			return value > 0 ? value : DEFAULT_MAX_BYTES;
		}

		/** Check a file and upload it. */
		upload(file) {
			this._stop();
			this._file = file;
			const problem = this._check(file);
			if (problem) {
				this._fail({ message: problem, retryable: false, stage: 'check' });
				return;
			}
			this._showPreview(file);
			this._send();
		}

		/**
		 * Delete the image of this slot (DELETE on the endpoint, with the token). On success
		 * the preview is cleared, has-image is removed and imagepipe:removed is dispatched;
		 * on failure, imagepipe:error with stage 'remove'.
		 */
		async remove() {
			this._stop();
			const attempt = this._attempt;
			const button = this._el.remove;
			button.disabled = true;
			this._state('removing', 'Removing…');
			try {
				const token = typeof this.getToken === 'function' ? await this.getToken() : null;
				const headers = { Accept: 'application/json' };
				if (token) headers.Authorization = `Bearer ${token}`;
				const response = await fetch(this._url(this.endpoint), { method: 'DELETE', headers });
				if (attempt !== this._attempt) return;
				if (response.status === 204 || response.status === 404) {
					this._file = null;
					this._el.preview.removeAttribute('src');
					this._revokePreview();
					this.removeAttribute('has-image');
					this._state('idle', 'Removed');
					this._emit('removed', { endpoint: this.endpoint });
					return;
				}
				this._fail(problemOf(response.status, parseJson(await response.text()), 'remove'));
			}
			catch (error) {
				if (attempt === this._attempt) {
					this._fail({ message: 'The image could not be removed: the server was not reached. Retry in a moment.',
						retryable: false, status: 0, stage: 'remove' });
				}
			}
			finally {
				button.disabled = false;
			}
		}

		/** Send the last file again. */
		retry() {
			if (this._file) {
				this.upload(this._file);
			}
		}

		_bind() {
			const { zone, input, pick, retry } = this._el;
			const open = () => input.click();
			pick.addEventListener('click', (event) => { event.stopPropagation(); open(); });
			zone.addEventListener('click', (event) => { if (event.target === zone || !event.target.closest('button')) open(); });
			input.addEventListener('change', () => {
				const file = input.files && input.files[0];
				input.value = '';
				if (file) this.upload(file);
			});
			zone.addEventListener('dragover', (event) => {
				event.preventDefault();
				zone.classList.add('over');
			});
			zone.addEventListener('dragleave', () => zone.classList.remove('over'));
			zone.addEventListener('drop', (event) => {
				event.preventDefault();
				zone.classList.remove('over');
				const file = event.dataTransfer && event.dataTransfer.files[0];
				if (file) this.upload(file);
			});
			this._el.remove.addEventListener('click', (event) => {
				event.stopPropagation();
				this.remove();
			});
			retry.addEventListener('click', (event) => {
				event.stopPropagation();
				if (retry.dataset.action === 'retry') this.retry(); else open();
			});
		}

		_renderHint() {
			const types = this._acceptedTypes().map((type) => NAMES[type] || type).join(', ');
			this._el.hint.textContent = `${types} · max ${formatBytes(this.maxBytes)}`;
			this._el.input.accept = this.accept;
		}

		_renderRemove() {
			const remove = this._el.remove;
			remove.textContent = this.getAttribute('remove-label') || 'Remove image';
			remove.hidden = !(this.hasAttribute('removable') && this.hasAttribute('has-image'));
		}

		_acceptedTypes() {
			return this.accept.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean);
		}

		_check(file) {
			const name = `“${file.name}”`;
			const extension = (file.name.split('.').pop() || '').toLowerCase();
			const type = (file.type || EXTENSIONS[extension] || '').toLowerCase();
			const accepted = this._acceptedTypes();
			const ok = accepted.some((pattern) => pattern === type
				|| (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1)))
				|| (pattern.startsWith('.') && pattern.slice(1) === extension));
			const wanted = accepted.map((t) => NAMES[t] || t).join(', ');
			if (!ok) {
				if (type === 'image/heic' || type === 'image/heif') {
					return `${name} is a HEIC photo, which browsers cannot show. Choose a ${wanted} image `
						+ '(on an iPhone, share or export it as JPEG).';
				}
				return `${name} is not a ${wanted} image. Choose one of those.`;
			}
			if (file.size === 0) {
				return `${name} is empty. Choose another file.`;
			}
			if (file.size > this.maxBytes) {
				return `${name} is ${formatBytes(file.size)}; images up to ${formatBytes(this.maxBytes)} are accepted.`;
			}
			return null;
		}

		_showPreview(file) {
			const img = this._el.preview;
			const url = URL.createObjectURL(file);
			this._revokePreview();
			this._previewUrl = url;
			img.onload = () => {
				if (img.src === url) this._emit('preview', { url, file });
			};
			img.onerror = () => img.removeAttribute('src');
			img.src = url;
		}

		_revokePreview() {
			if (this._previewUrl) {
				URL.revokeObjectURL(this._previewUrl);
				this._previewUrl = null;
			}
		}

		async _send() {
			const attempt = ++this._attempt;
			if (!this.endpoint) {
				this._fail({ message: 'This upload field has no endpoint attribute.', retryable: false, stage: 'upload' });
				return;
			}
			let token = null;
			try {
				token = typeof this.getToken === 'function' ? await this.getToken() : null;
			}
			catch (error) {
				if (attempt === this._attempt) {
					this._fail({ message: 'Could not sign in to upload. Retry in a moment.', retryable: true, status: 0,
						stage: 'upload' });
				}
				return;
			}
			if (attempt !== this._attempt) return;
			const endpoint = this._url(this.endpoint);
			const form = new FormData();
			form.append('file', this._file, this._file.name);
			const xhr = new XMLHttpRequest();
			this._xhr = xhr;
			this._state('uploading', 'Uploading…');
			this._setProgress(0, this._file.size);
			xhr.upload.addEventListener('progress', (event) => {
				if (attempt === this._attempt) this._setProgress(event.loaded, event.lengthComputable ? event.total : this._file.size);
			});
			xhr.addEventListener('load', () => {
				if (attempt !== this._attempt) return;
				const body = parseJson(xhr.responseText);
				if (xhr.status === 202 && body && body.statusUrl) {
					this._setProgress(1, 1);
					this._emit('accepted', body);
					this._state('processing', 'Processing…');
					this._watch(body, attempt);
				}
				else {
					this._fail(problemOf(xhr.status, body, 'upload'));
				}
			});
			xhr.addEventListener('error', () => {
				if (attempt === this._attempt) {
					this._fail({ message: 'The upload did not reach the server. Check the connection and retry.',
						retryable: true, status: 0, stage: 'upload' });
				}
			});
			xhr.open('POST', endpoint);
			xhr.setRequestHeader('Accept', 'application/json');
			if (token) {
				xhr.setRequestHeader('Authorization', `Bearer ${token}`);
			}
			xhr.send(form);
		}

		_watch(accepted, attempt) {
			const statusUrl = this._url(accepted.statusUrl);
			if (typeof EventSource === 'undefined' || this.getAttribute('transport') === 'poll') {
				this._poll(statusUrl, attempt);
				return;
			}
			const source = new EventSource(`${statusUrl}/events`);
			this._source = source;
			let errors = 0;
			const on = (name, handler) => source.addEventListener(name, (event) => {
				if (attempt !== this._attempt) return;
				errors = 0;
				handler(parseJson(event.data) || {});
			});
			on('queued', () => this._state('processing', 'Queued for processing…'));
			on('processing', () => this._state('processing', 'Processing…'));
			on('ready', async (data) => {
				// the stream ends with this event: closed now, its end is no error to recover from
				this._closeSource();
				const ready = await this._current(data);
				if (attempt === this._attempt) this._ready(ready);
			});
			on('failed', (data) => this._fail({ message: data.reason || 'The image could not be processed.',
				retryable: true, stage: 'processing' }));
			on('superseded', (data) => this._superseded(data));
			on('deleted', (data) => this._deleted(data));
			source.addEventListener('error', () => {
				if (attempt !== this._attempt) return;
				errors++;
				if (source.readyState === EventSource.CLOSED || errors >= SSE_ERRORS_BEFORE_POLLING) {
					this._closeSource();
					this._poll(statusUrl, attempt);
				}
			});
		}

		async _poll(statusUrl, attempt) {
			let failures = 0;
			while (attempt === this._attempt) {
				try {
					const response = await fetch(statusUrl, { headers: { Accept: 'application/json' } });
					const body = await response.json();
					if (attempt !== this._attempt) return;
					failures = response.ok ? 0 : failures + 1;
					if (response.ok && body.status === 'done') {
						this._ready(await this._current(body));
						return;
					}
					if (response.ok && body.status === 'failed') {
						this._fail({ message: body.error || 'The image could not be processed.', retryable: true,
							stage: 'processing' });
						return;
					}
					if (response.ok && body.status === 'superseded') {
						this._superseded(body);
						return;
					}
					if (response.ok && body.status === 'deleted') {
						this._deleted(body);
						return;
					}
					if (response.status === 404) {
						this._fail(problemOf(404, body, 'processing'));
						return;
					}
				}
				catch (error) {
					failures++;
				}
				if (failures >= 30) {
					this._fail({ message: 'Lost contact with the server while the image was processed.', retryable: true,
						stage: 'processing' });
					return;
				}
				await sleep(Math.min(POLL_MILLIS * (1 + failures), 5000));
			}
		}

		/**
		 * The size, colour and renditions of the image, from serving-api's metadata (`/meta` beside
		 * the image's stable URL; serving-api answers it with CORS for any page it allows). When the
		 * metadata names another version (a newer upload already replaced it, or a replica lags),
		 * the versioned URL alone is enough.
		 */
		async _current(status) {
			const ready = { uploadId: status.uploadId, status: 'done', imageUrl: status.imageUrl };
			try {
				const meta = new URL(status.imageUrl, location.href);
				meta.search = '';
				meta.pathname += '/meta';
				const response = await fetch(meta, { headers: { Accept: 'application/json' } });
				const image = response.ok ? await response.json() : null;
				if (image && image.versionedUrl === status.imageUrl) {
					return Object.assign(ready, { width: image.width, height: image.height,
						placeholderColor: image.placeholderColor || undefined,
						renditions: (image.renditions || []).map((r) => ({ url: r.url, width: r.width, height: r.height })) });
				}
			}
			catch (error) {
				// the versioned URL alone is enough
			}
			return ready;
		}

		_ready(data) {
			this._closeSource();
			this._state('ready', 'Done');
			this._el.progress.classList.add('idle');
			const url = pickUrl(data, Number(this.getAttribute('preview-width')) || 96);
			const loader = new Image();
			loader.onload = () => {
				if (this.getAttribute('state') !== 'ready') return;
				this._el.preview.src = url;
				this._revokePreview();
			};
			loader.src = url;
			this.setAttribute('has-image', '');
			this._emit('ready', data);
		}

		_superseded(data) {
			this._closeSource();
			this._state('ready', 'A newer upload replaced this one.');
			this._el.progress.classList.add('idle');
			this._emit('superseded', data);
		}

		/** The image was deleted (here or elsewhere) before this upload was served. */
		_deleted(data) {
			this._closeSource();
			this._state('idle', 'The image was removed before this upload was processed.');
			this._el.progress.classList.add('idle');
			this._el.preview.removeAttribute('src');
			this._revokePreview();
			this.removeAttribute('has-image');
			this._emit('removed', { endpoint: this.endpoint, uploadId: data.uploadId });
		}

		_fail(error) {
			this._closeSource();
			this._state('error', '');
			this._el.progress.classList.add('idle');
			this._el.error.textContent = error.message;
			this._el.error.hidden = false;
			const retry = this._el.retry;
			retry.dataset.action = error.retryable && this._file ? 'retry' : 'choose';
			retry.textContent = error.retryable && this._file ? 'Retry' : 'Choose another file';
			retry.hidden = false;
			if (error.stage !== 'processing') {
				this._el.preview.removeAttribute('src');
				this._revokePreview();
			}
			this._emit('error', error);
		}

		_state(state, text) {
			this.setAttribute('state', state);
			this._el.status.textContent = text;
			if (state !== 'error') {
				this._el.error.hidden = true;
				this._el.retry.hidden = true;
			}
			this._emit('state', { state });
		}

		_setProgress(loaded, total) {
			const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
			const progress = this._el.progress;
			progress.classList.remove('idle');
			progress.value = percent;
			this.setAttribute('progress', String(percent));
			this._emit('progress', { loaded, total, percent });
		}

		_stop() {
			this._attempt++;
			if (this._xhr) {
				this._xhr.abort();
				this._xhr = null;
			}
			this._closeSource();
		}

		_closeSource() {
			if (this._source) {
				this._source.close();
				this._source = null;
			}
		}

		_url(path) {
			return new URL(path, new URL(this.endpoint || '', document.baseURI)).href;
		}

		_emit(name, detail) {
			this.dispatchEvent(new CustomEvent(`imagepipe:${name}`, { detail, bubbles: true, composed: true }));
		}

	}

	/** The narrowest rendition at least as wide as the display needs, else the image itself. */
	function pickUrl(image, cssWidth) {
		const needed = cssWidth * (window.devicePixelRatio || 1);
		const rendition = (image.renditions || []).find((r) => r.width >= needed);
		return rendition ? rendition.url : image.imageUrl;
	}

	function problemOf(status, body, stage) {
		const message = (body && (body.detail || body.title))
			|| (status >= 500 ? 'The server could not take the image right now. Retry in a moment.'
				: `The upload was refused (HTTP ${status}).`);
		return { message, status, problem: body,
			retryable: status === 0 || status === 401 || status === 429 || status >= 500, stage };
	}

	function parseJson(text) {
		try {
			return text ? JSON.parse(text) : null;
		}
		catch (error) {
			return null;
		}
	}

	function formatBytes(bytes) {
		if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
		if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
		return `${bytes} bytes`;
	}

	function sleep(millis) {
		return new Promise((resolve) => setTimeout(resolve, millis));
	}

	ImagepipeUpload.pickUrl = pickUrl;
	if (!customElements.get('imagepipe-upload')) {
		customElements.define('imagepipe-upload', ImagepipeUpload);
	}
	window.ImagepipeUpload = ImagepipeUpload;
})();
