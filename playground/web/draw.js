// Drawing on canvases: the activation curve, the loss curves and the plane.
// The numbers come from the crate; this file only maps them to pixels.

import { formatNumber } from './page.js';

export const COLOURS = {
  class0: [232, 131, 12],
  class1: [31, 111, 181],
  ink: '#1d2433',
  muted: '#6b7280',
  grid: '#e5e7eb',
  train: '#1f6fb5',
  test: '#e8830c',
  line: '#111827',
};

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Sizes the canvas's pixels to its size on screen (sharp on any display) and
 * returns its context, scaled so that one unit is one CSS pixel.
 */
export function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const { width, height } = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = FONT;
  return { context, width, height };
}

/** Round steps for an axis from `low` to `high`: 1, 2 or 5 times a power of ten. */
function ticks(low, high, wanted = 5) {
  const raw = (high - low) / wanted;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const values = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) {
    values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return values;
}

/**
 * Axes with grid lines and tick labels in a box; returns the maps from data
 * to pixels.
 */
function axes(context, box, x, y, labels, square = false) {
  const sx = (v) => box.left + ((v - x[0]) / (x[1] - x[0])) * box.width;
  const sy = (v) => box.top + box.height - ((v - y[0]) / (y[1] - y[0])) * box.height;
  context.lineWidth = 1;
  context.strokeStyle = COLOURS.grid;
  context.fillStyle = COLOURS.muted;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const v of ticks(x[0], x[1], Math.max(2, Math.floor(box.width / 70)))) {
    context.beginPath();
    context.moveTo(sx(v), box.top);
    context.lineTo(sx(v), box.top + box.height);
    context.stroke();
    context.fillText(formatNumber(v, 3), sx(v), box.top + box.height + 4);
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const v of ticks(y[0], y[1], Math.max(2, Math.floor(box.height / (square ? 70 : 45))))) {
    context.beginPath();
    context.moveTo(box.left, sy(v));
    context.lineTo(box.left + box.width, sy(v));
    context.stroke();
    context.fillText(formatNumber(v, 3), box.left - 5, sy(v));
  }
  // The axes' names outside the box: x below the tick labels, y above the box.
  context.fillStyle = COLOURS.ink;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillText(labels[0], box.left + box.width / 2, box.top + box.height + 20);
  context.textAlign = 'left';
  context.textBaseline = 'bottom';
  context.fillText(labels[1], Math.max(2, box.left - 30), box.top - 10);
  return { sx, sy };
}

/**
 * The activation `name` over net inputs `hs` (values `ys` from the crate),
 * with the point (h, y) marked and labelled.
 */
export function drawCurve(canvas, name, hs, ys, h, y) {
  const { context, width, height } = prepare(canvas);
  const box = { left: 40, top: 24, width: width - 52, height: height - 62 };
  const low = Math.min(...ys, y);
  const high = Math.max(...ys, y);
  const pad = Math.max(0.1, (high - low) * 0.08);
  const { sx, sy } = axes(context, box, [hs[0], hs[hs.length - 1]], [low - pad, high + pad], ['h', `y = ${name}(h)`]);

  context.save();
  context.beginPath();
  context.rect(box.left, box.top, box.width, box.height);
  context.clip();
  context.strokeStyle = COLOURS.train;
  context.lineWidth = 2.5;
  context.beginPath();
  hs.forEach((v, i) => (i ? context.lineTo(sx(v), sy(ys[i])) : context.moveTo(sx(v), sy(ys[i]))));
  context.stroke();

  // Guides from the axes to the point, then the point.
  context.setLineDash([4, 4]);
  context.strokeStyle = COLOURS.test;
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(sx(h), box.top + box.height);
  context.lineTo(sx(h), sy(y));
  context.lineTo(box.left, sy(y));
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = COLOURS.test;
  context.beginPath();
  context.arc(sx(h), sy(y), 6, 0, 2 * Math.PI);
  context.fill();
  context.restore();

  const label = `(${formatNumber(h)}, ${formatNumber(y)})`;
  const right = sx(h) + 10 + context.measureText(label).width < box.left + box.width;
  context.fillStyle = COLOURS.ink;
  context.font = `bold ${FONT}`;
  context.textAlign = right ? 'left' : 'right';
  context.textBaseline = 'middle';
  const labelY = Math.min(Math.max(sy(y) + (y > (low + high) / 2 ? 14 : -14), box.top + 8), box.top + box.height - 8);
  context.fillText(label, sx(h) + (right ? 10 : -10), labelY);
}

/** Training and test loss by epoch. */
export function drawLoss(canvas, train, test) {
  const { context, width, height } = prepare(canvas);
  const box = { left: 44, top: 40, width: width - 56, height: height - 78 };
  const epochs = Math.max(10, train.length - 1);
  const finite = [...train, ...test].filter(Number.isFinite);
  const top = Math.max(0.1, ...finite) * 1.05;
  const { sx, sy } = axes(context, box, [0, epochs], [0, top], ['epoch', 'loss (binary cross-entropy)']);

  const series = [
    [train, COLOURS.train, [], 'training'],
    [test, COLOURS.test, [6, 4], 'test'],
  ];
  context.save();
  context.beginPath();
  context.rect(box.left - 5, box.top - 5, box.width + 10, box.height + 10);
  context.clip();
  // At most about one point per pixel: long runs are thinned evenly.
  const every = Math.max(1, Math.floor(train.length / box.width));
  for (const [values, colour, dash] of series) {
    context.strokeStyle = colour;
    context.setLineDash(dash);
    context.lineWidth = 2;
    context.beginPath();
    for (let i = 0; i < values.length; i += every) {
      const at = [sx(i), sy(values[i])];
      i ? context.lineTo(...at) : context.moveTo(...at);
    }
    const last = values.length - 1;
    if (last > 0 && last % every) context.lineTo(sx(last), sy(values[last]));
    context.stroke();
    if (last >= 0) {
      context.fillStyle = colour;
      context.beginPath();
      context.arc(sx(last), sy(values[last]), 3.5, 0, 2 * Math.PI);
      context.fill();
    }
  }
  context.restore();

  // The legend, at the right above the chart.
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  const widths = series.map(([, , , name]) => 34 + context.measureText(name).width);
  let x = box.left + box.width - widths.reduce((a, b) => a + b, 0);
  series.forEach(([, colour, dash, name], i) => {
    context.strokeStyle = colour;
    context.setLineDash(dash);
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(x, 10);
    context.lineTo(x + 18, 10);
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = COLOURS.ink;
    context.fillText(name, x + 22, 10);
    x += widths[i];
  });
}

/** The background colour for a probability `p` of class 1: orange, white, blue. */
function shade(p) {
  const t = Math.min(1, Math.abs(2 * p - 1)) * 0.5;
  const [r, g, b] = p < 0.5 ? COLOURS.class0 : COLOURS.class1;
  return [255 + (r - 255) * t, 255 + (g - 255) * t, 255 + (b - 255) * t];
}

const offscreen = document.createElement('canvas');

/**
 * The plane: the network's probabilities as shading (a `columns × columns`
 * grid, row by row from the top), the training points filled, the test points
 * ringed, and a neuron's line `w₁x₁ + w₂x₂ + b = 0` with an arrow to its
 * positive side.
 */
export function drawPlane(canvas, { probabilities, columns, extent, train, test, line }) {
  const { context, width, height } = prepare(canvas);
  const side = Math.max(10, Math.min(width - 44, height - 62));
  const box = { left: 34 + (width - 44 - side) / 2, top: 24, width: side, height: side };
  const [x0, x1, y0, y1] = extent;

  offscreen.width = columns;
  offscreen.height = columns;
  const pixels = offscreen.getContext('2d').createImageData(columns, columns);
  probabilities.forEach((p, i) => {
    const [r, g, b] = shade(p);
    pixels.data.set([r, g, b, 255], 4 * i);
  });
  offscreen.getContext('2d').putImageData(pixels, 0, 0);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(offscreen, box.left, box.top, box.width, box.height);

  const { sx, sy } = axes(context, box, [x0, x1], [y0, y1], ['x₁', 'x₂'], true);
  context.strokeStyle = COLOURS.muted;
  context.strokeRect(box.left, box.top, box.width, box.height);

  context.save();
  context.beginPath();
  context.rect(box.left, box.top, box.width, box.height);
  context.clip();
  const radius = side < 360 ? 3 : 4;
  const dots = (points, filled) => {
    for (let i = 0; i < points.length; i += 3) {
      const colour = `rgb(${(points[i + 2] > 0.5 ? COLOURS.class1 : COLOURS.class0).join(',')})`;
      context.beginPath();
      context.arc(sx(points[i]), sy(points[i + 1]), radius, 0, 2 * Math.PI);
      if (filled) {
        context.fillStyle = colour;
        context.fill();
        context.strokeStyle = 'white';
        context.lineWidth = 1;
      } else {
        context.fillStyle = 'white';
        context.fill();
        context.strokeStyle = colour;
        context.lineWidth = 2;
      }
      context.stroke();
    }
  };
  dots(train, true);
  dots(test, false);
  if (line) drawLine(context, line, extent, sx, sy);
  context.restore();
}

/** The line `w₁x₁ + w₂x₂ + b = 0` across the extent, and an arrow along `w` at its middle. */
function drawLine(context, [w1, w2, b], [x0, x1, y0, y1], sx, sy) {
  let ends;
  if (Math.abs(w2) >= Math.abs(w1) && w2 !== 0) {
    ends = [x0, x1].map((x) => [x, -(w1 * x + b) / w2]);
  } else if (w1 !== 0) {
    ends = [y0, y1].map((y) => [-(w2 * y + b) / w1, y]);
  } else {
    return;
  }
  // The middle of the part inside the square, where the arrow goes.
  const inside = ends.map(([x, y]) => [Math.min(Math.max(x, x0), x1), Math.min(Math.max(y, y0), y1)]);
  const [mx, my] = [(inside[0][0] + inside[1][0]) / 2, (inside[0][1] + inside[1][1]) / 2];
  context.strokeStyle = COLOURS.line;
  context.lineWidth = 2;
  context.setLineDash([8, 5]);
  context.beginPath();
  context.moveTo(sx(ends[0][0]), sy(ends[0][1]));
  context.lineTo(sx(ends[1][0]), sy(ends[1][1]));
  context.stroke();
  context.setLineDash([]);

  const norm = Math.hypot(w1, w2);
  const [dx, dy] = [w1 / norm, -w2 / norm]; // screen y grows downwards
  const [ax, ay] = [sx(mx), sy(my)];
  const [bx, by] = [ax + dx * 26, ay + dy * 26];
  context.beginPath();
  context.moveTo(ax, ay);
  context.lineTo(bx, by);
  context.moveTo(bx - dx * 8 - dy * 5, by - dy * 8 + dx * 5);
  context.lineTo(bx, by);
  context.lineTo(bx - dx * 8 + dy * 5, by - dy * 8 - dx * 5);
  context.stroke();
}
