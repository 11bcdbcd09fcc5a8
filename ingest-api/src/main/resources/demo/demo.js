/*
 * Shared code of the demo pages: read the current image of a slot from serving-api, show it
 * at its versioned URL with the rendition that fits, and keep the header in step with
 * uploads. Uses only the upload component's public events.
 */
(() => {
	'use strict';

	const params = new URLSearchParams(location.search);

	const demo = {
		userId: params.get('user') || '42',
		orgId: params.get('org') || 'acme',
		/** The organizations the demo user administers; a page may name more. */
		adminOf: [params.get('org') || 'acme'],

		/**
		 * A bearer token for the demo user, who also administers the demo organization:
		 * from the local-only POST /demo/token (bin/run's local profile), renewed a minute
		 * before it expires. A real app gets its users' tokens from its own sign-in.
		 */
		async token() {
			if (!demo._token || demo._token.expiresAt - Date.now() < 60000) {
				const query = new URLSearchParams({ sub: demo.userId });
				demo.adminOf.forEach((org) => query.append('org', org));
				const response = await fetch(`/demo/token?${query}`, { method: 'POST', headers: { Accept: 'application/json' } });
				if (!response.ok) {
					throw new Error(`no demo token (HTTP ${response.status})`);
				}
				const body = await response.json();
				demo._token = { value: body.token, expiresAt: Date.parse(body.expiresAt) };
				demo._imagesUrl = body.imagesUrl;
			}
			return demo._token.value;
		},

		/**
		 * The image served now for a slot, or null when there is none yet: serving-api's metadata
		 * (the demo token's answer says where serving-api is), in the shape of the upload
		 * component's ready event.
		 */
		async current(path) {
			await demo.token();
			const base = demo._imagesUrl.replace(/\/+$/, '');
			const response = await fetch(`${base}/images/${path}/meta`, { headers: { Accept: 'application/json' } });
			if (!response.ok) {
				return null;
			}
			const meta = await response.json();
			return { imageUrl: meta.versionedUrl, width: meta.width, height: meta.height,
				placeholderColor: meta.placeholderColor, renditions: meta.renditions };
		},

		/**
		 * Show a served image in an <img> whose width and height attributes are already set:
		 * the versioned URL, a srcset of the renditions, and the placeholder colour while it loads.
		 */
		show(img, image, cssWidth) {
			const candidates = (image.renditions || []).map((r) => `${r.url} ${r.width}w`);
			candidates.push(`${image.imageUrl} ${image.width}w`);
			// the placeholder colour shows while the image loads, and must not fill the
			// transparent parts of a logo afterwards
			img.style.backgroundColor = image.placeholderColor || '';
			img.onload = () => {
				img.style.backgroundColor = '';
			};
			img.sizes = `${cssWidth}px`;
			img.srcset = candidates.join(', ');
			img.src = window.ImagepipeUpload.pickUrl(image, cssWidth);
			img.hidden = false;
			img.dataset.version = image.imageUrl.split('v=')[1] || '';
		},

		/** Show the local preview of a file just chosen, before the server has processed it. */
		showLocal(img, url) {
			img.removeAttribute('srcset');
			img.src = url;
			img.hidden = false;
		},

		/** Put back what an <img> showed before a failed upload. */
		restore(img, image, cssWidth) {
			if (image) {
				demo.show(img, image, cssWidth);
			}
			else {
				img.removeAttribute('src');
				img.removeAttribute('srcset');
				img.hidden = true;
			}
		},

		/** Wire an <img> to an upload component: local preview at once, then the served image. */
		follow(upload, img, cssWidth, state) {
			upload.getToken = demo.token;
			upload.addEventListener('imagepipe:preview', (event) => demo.showLocal(img, event.detail.url));
			upload.addEventListener('imagepipe:ready', (event) => {
				state.image = event.detail;
				demo.show(img, event.detail, cssWidth);
			});
			upload.addEventListener('imagepipe:error', () => demo.restore(img, state.image, cssWidth));
			// removed: back to the initials or the placeholder, without a reload
			upload.addEventListener('imagepipe:removed', () => {
				state.image = null;
				demo.restore(img, null, cssWidth);
			});
		},

		/** Fill the header: the user's photo and the organization's logo. */
		async header() {
			const avatar = document.querySelector('#header-avatar');
			const logo = document.querySelector('#header-logo');
			const state = { avatar: null, logo: null };
			const [photo, orgLogo] = await Promise.all([demo.current(`users/${demo.userId}/profile`),
				demo.current(`organizations/${demo.orgId}/logo`)]);
			if (photo) {
				state.avatar = photo;
				demo.show(avatar, photo, 40);
			}
			if (orgLogo) {
				state.logo = orgLogo;
				demo.show(logo, orgLogo, 96);
			}
			return state;
		},

		/** Add a line at the end of the activity list, with the seconds since the page loaded. */
		log(list, text) {
			const item = document.createElement('li');
			const time = document.createElement('time');
			time.textContent = `${(performance.now() / 1000).toFixed(2)} s`;
			item.append(time, document.createTextNode(text));
			list.append(item);
		}
	};

	for (const link of document.querySelectorAll('a[data-keep-query]')) {
		link.search = location.search;
	}
	window.demo = demo;
})();
