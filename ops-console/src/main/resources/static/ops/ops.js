// The ops dashboard: draws everything from the ops API and refreshes itself every few
// seconds, without reloading the page.

import { ago, refreshTimes } from './format.js';
import { refreshAudit } from './audit.js';
import { initFailed, refreshFailed } from './failed.js';
import { initHistory, refreshHistory } from './history.js';
import { initOverview, refreshOverview } from './overview.js';
import { refreshRetried } from './retried.js';

const REFRESH_EVERY_MS = 3000;

let refreshing = false;

async function refresh() {
	if (refreshing) {
		return;
	}
	refreshing = true;
	const status = document.getElementById('refreshed');
	try {
		const results = await Promise.allSettled([refreshOverview(), refreshFailed(), refreshAudit(), refreshHistory(),
			refreshRetried()]);
		refreshTimes();
		const failed = results.find((result) => result.status === 'rejected');
		const overview = results[0].status === 'fulfilled' ? results[0].value : null;
		status.textContent = failed ? `Refresh failed: ${failed.reason.message}`
			: `Updated ${ago(new Date(overview.generatedAt))}; refreshes every ${REFRESH_EVERY_MS / 1000} s.`;
		status.classList.toggle('error', Boolean(failed));
	}
	finally {
		refreshing = false;
	}
}

initOverview();
initHistory();
initFailed(refresh);
refresh();
setInterval(refresh, REFRESH_EVERY_MS);
