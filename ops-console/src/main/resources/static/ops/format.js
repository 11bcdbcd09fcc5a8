// Small helpers that build DOM nodes and format values. Text always goes in through
// textContent: error messages come from uploaded files and are never parsed as HTML.

export function el(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (name === 'class') {
			node.className = value;
		}
		else if (name === 'text') {
			node.textContent = value;
		}
		else if (name.startsWith('on')) {
			node.addEventListener(name.substring(2), value);
		}
		else {
			node.setAttribute(name, value === true ? '' : value);
		}
	}
	for (const child of children.flat()) {
		if (child !== undefined && child !== null) {
			node.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
	}
	return node;
}

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function time(iso) {
	if (!iso) {
		return el('span', { class: 'muted', text: '—' });
	}
	const date = new Date(iso);
	return el('time', { datetime: iso, title: absolute.format(date), text: ago(date) });
}

// Rows that are kept between refreshes keep their time elements: bring their text up to date.
export function refreshTimes() {
	for (const node of document.querySelectorAll('time[datetime]')) {
		node.textContent = ago(new Date(node.dateTime));
	}
}

export function ago(date) {
	const seconds = Math.max(0, (Date.now() - date.getTime()) / 1000);
	if (seconds < 60) {
		return `${Math.round(seconds)} s ago`;
	}
	if (seconds < 3600) {
		return `${Math.round(seconds / 60)} min ago`;
	}
	if (seconds < 86400) {
		return `${(seconds / 3600).toFixed(1)} h ago`;
	}
	return absolute.format(date);
}

export function duration(seconds) {
	if (seconds === null || seconds === undefined) {
		return '—';
	}
	if (seconds < 1) {
		return `${Math.round(seconds * 1000)} ms`;
	}
	if (seconds < 120) {
		return `${seconds.toFixed(1)} s`;
	}
	if (seconds < 7200) {
		return `${Math.round(seconds / 60)} min`;
	}
	return `${(seconds / 3600).toFixed(1)} h`;
}

export function bytes(size) {
	if (size < 1024) {
		return `${size} B`;
	}
	if (size < 1024 * 1024) {
		return `${(size / 1024).toFixed(0)} KB`;
	}
	return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function percent(rate) {
	return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function imageKey(item) {
	return `${item.ownerType}/${item.ownerId}/${item.slot}`;
}

// A thumbnail that gives way to a placeholder when there is nothing to show.
export function thumbnail(src, alt) {
	const image = el('img', { src, alt, class: 'thumb', loading: 'lazy', width: 64, height: 64 });
	image.addEventListener('error', () => image.replaceWith(el('span', { class: 'thumb none', text: 'no preview' })));
	return image;
}
