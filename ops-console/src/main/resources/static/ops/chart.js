// The throughput chart: one stacked bar per step, succeeded below and failed on top,
// drawn as inline SVG from the overview's series.

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 36;
const BOTTOM = 20;

function svg(tag, attributes, text) {
	const node = document.createElementNS(NS, tag);
	for (const [name, value] of Object.entries(attributes)) {
		node.setAttribute(name, value);
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

export function drawChart(target, window) {
	target.replaceChildren();
	const series = window.series;
	const max = Math.max(1, ...series.map((bucket) => bucket.succeeded + bucket.failed));
	const plotHeight = HEIGHT - BOTTOM - 8;
	const step = (WIDTH - LEFT) / Math.max(1, series.length);
	target.append(svg('line', { x1: LEFT, y1: HEIGHT - BOTTOM, x2: WIDTH, y2: HEIGHT - BOTTOM, class: 'axis' }));
	target.append(svg('text', { x: LEFT - 6, y: 14, class: 'label', 'text-anchor': 'end' }, String(max)));
	target.append(svg('text', { x: LEFT - 6, y: HEIGHT - BOTTOM, class: 'label', 'text-anchor': 'end' }, '0'));
	const labelEvery = Math.ceil(series.length / 6);
	series.forEach((bucket, index) => {
		const x = LEFT + index * step + step * 0.15;
		const width = step * 0.7;
		const okHeight = (bucket.succeeded / max) * plotHeight;
		const badHeight = (bucket.failed / max) * plotHeight;
		const base = HEIGHT - BOTTOM;
		const start = new Date(bucket.start);
		const title = `${start.toLocaleString()}: ${bucket.succeeded} done, ${bucket.failed} failed`;
		const group = svg('g', {});
		group.append(svg('title', {}, title));
		group.append(svg('rect', { x, y: base - okHeight, width, height: okHeight, class: 'ok' }));
		group.append(svg('rect', { x, y: base - okHeight - badHeight, width, height: badHeight, class: 'bad' }));
		target.append(group);
		if (index % labelEvery === 0) {
			const label = start.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
			target.append(svg('text', { x: x + width / 2, y: HEIGHT - 4, class: 'label', 'text-anchor': 'middle' },
				label));
		}
	});
}
