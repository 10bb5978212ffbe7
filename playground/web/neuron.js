// View 1: the lecture's neuron. Three inputs and three weights as sliders and
// number fields; the crate's `explain` writes the computation as the slides do.

import { activation_curve, explain, lecture_values } from './neuron_playground.js';
import { drawCurve } from './draw.js';
import { clearError, keepInUrl, showError, urlValue } from './page.js';

const NAMES = ['x1', 'x2', 'x3', 'w1', 'w2', 'w3'];
// Inputs from −1 to 1, weights from −2 to 2; the number fields take any value.
const RANGES = { x: [-1, 1], w: [-2, 2] };

export function startNeuron() {
  const lecture = Array.from(lecture_values());
  const defaults = Object.fromEntries(NAMES.map((name, i) => [name, lecture[i]]));
  const rows = document.getElementById('neuron-rows');
  const activation = document.getElementById('activation');
  const h = document.getElementById('formula-h');
  const y = document.getElementById('formula-y');
  const curve = document.getElementById('curve');

  for (let i = 1; i <= 3; i++) {
    const row = document.createElement('tr');
    row.innerHTML = `<th scope="row">${i}</th>${['x', 'w'].map((kind) => cell(kind, i)).join('')}`;
    rows.append(row);
  }
  const sliders = NAMES.map((name) => document.getElementById(name));
  const fields = NAMES.map((name) => document.getElementById(`${name}-value`));

  const set = (index, value) => {
    sliders[index].value = value;
    fields[index].value = value;
  };
  NAMES.forEach((name, i) => set(i, Number(urlValue(name, defaults[name]))));
  activation.value = urlValue('f', 'sigmoid');
  if (!activation.value) activation.value = 'sigmoid';

  const values = () => fields.map((field) => Number(field.value));

  function update() {
    const v = values();
    if (v.some((x) => !Number.isFinite(x)) || fields.some((field) => field.value.trim() === '')) {
      showError('Each input and weight needs a number.');
      return;
    }
    clearError();
    let step;
    try {
      step = explain(Float64Array.from(v.slice(0, 3)), Float64Array.from(v.slice(3)), activation.value);
    } catch (error) {
      showError(error.message);
      return;
    }
    h.textContent = step.net_input_line;
    y.textContent = step.output_line;
    const [net, out] = [step.net_input, step.output];
    step.free();
    // The unrounded values, for anyone (and the browser tests) to read.
    h.dataset.value = String(net);
    y.dataset.value = String(out);
    NAMES.forEach((name, i) => keepInUrl(name, v[i], defaults[name]));
    keepInUrl('f', activation.value, 'sigmoid');
    drawActivation(net, out);
  }

  let last = [0, 0];
  function drawActivation(net, out) {
    last = [net, out];
    const reach = Math.max(6, Math.ceil(Math.abs(net) + 1));
    const points = 241;
    const hs = Array.from({ length: points }, (_, i) => -reach + (2 * reach * i) / (points - 1));
    const ys = Array.from(activation_curve(activation.value, -reach, reach, points));
    const symbol = activation.value === 'sigmoid' ? 'σ' : activation.value;
    drawCurve(curve, symbol, hs, ys, net, out);
  }

  sliders.forEach((slider, i) =>
    slider.addEventListener('input', () => {
      fields[i].value = slider.value;
      update();
    }),
  );
  fields.forEach((field, i) =>
    field.addEventListener('input', () => {
      if (field.value.trim() !== '' && Number.isFinite(Number(field.value))) sliders[i].value = field.value;
      update();
    }),
  );
  activation.addEventListener('change', update);
  document.getElementById('lecture-values').addEventListener('click', () => {
    NAMES.forEach((name, i) => set(i, defaults[name]));
    activation.value = 'sigmoid';
    update();
  });

  update();
  return () => drawActivation(...last);
}

/** A slider and a number field for `x_i` or `w_i`. */
function cell(kind, i) {
  const [low, high] = RANGES[kind];
  const name = `${kind}${i}`;
  const label = `${kind === 'x' ? 'input' : 'weight'} ${kind}${'₀₁₂₃'[i]}`;
  return `<td><div class="pair">
    <input type="range" id="${name}" min="${low}" max="${high}" step="0.01" aria-label="${label}">
    <input type="number" id="${name}-value" step="0.01" aria-label="${label}, as a number">
  </div></td>`;
}
