// The ops API, as the page calls it. URLs are built on the page's origin, never on its
// full URL, which may carry credentials that fetch refuses.

const origin = window.location.origin;

export async function getJson(path) {
	const response = await fetch(new URL(path, origin), {
		headers: { Accept: 'application/json' },
		credentials: 'same-origin',
	});
	if (!response.ok) {
		throw await problem(response);
	}
	return response.json();
}

// POSTs carry the CSRF token that Spring Security keeps in the XSRF-TOKEN cookie.
export async function postJson(path, body) {
	const response = await fetch(new URL(path, origin), {
		method: 'POST',
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'X-XSRF-TOKEN': csrfToken(),
		},
		body: JSON.stringify(body),
		credentials: 'same-origin',
	});
	if (!response.ok) {
		throw await problem(response);
	}
	return response.json();
}

function csrfToken() {
	const cookie = document.cookie.split('; ').find((part) => part.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

async function problem(response) {
	try {
		const body = await response.json();
		const error = new Error(body.detail || body.title || `${response.status} ${response.statusText}`);
		error.problem = body;
		return error;
	}
	catch {
		return new Error(`${response.status} ${response.statusText}`);
	}
}
