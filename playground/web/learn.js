// View 2: a network learning on the plane. The crate makes the data, trains
// (a slice of epochs between animation frames, so the page never freezes) and
// computes the probabilities that shade the plane; this file runs the loop,
// keeps the settings in the address bar and draws.

import { Playground, PlaygroundSettings } from './neuron_playground.js';
import { drawLoss, drawPlane } from './draw.js';
import { clearError, formatNumber, keepInUrl, showError, urlValue } from './page.js';

// Form field id → [setting in PlaygroundSettings, key in the address bar].
const FIELDS = {
  data: ['data', 'data'],
  samples: ['samples', 'n'],
  noise: ['noise', 'noise'],
  test_fraction: ['test_fraction', 'test'],
  seed: ['seed', 'seed'],
  hidden_layers: ['hidden_layers', 'layers'],
  units: ['units', 'units'],
  hidden_activation: ['activation', 'act'],
  optimizer: ['optimizer', 'opt'],
  learning_rate: ['learning_rate', 'lr'],
  batch_size: ['batch_size', 'batch'],
  l2: ['l2', 'l2'],
};
const TEXT_SETTINGS = new Set(['data', 'activation', 'optimizer']);
// Shading resolution: cells per side of the square.
const COLUMNS = 72;
// Time for training in one frame, in milliseconds, so that the page keeps 30+ frames a second.
const BUDGET = { max: 14, fixed: 30 };
// The most epochs a link may ask to be trained before the page shows.
const MAX_LINKED_EPOCHS = 20000;

export function startLearning() {
  const element = (id) => document.getElementById(id);
  const plane = element('plane');
  const loss = element('loss');
  const runButton = element('run');
  const unitSelect = element('unit');
  const speed = element('speed');

  const defaults = new PlaygroundSettings();
  const defaultValue = (setting) => String(defaults[setting]);
  for (const [id, [setting, key]] of Object.entries(FIELDS)) {
    setField(element(id), urlValue(key, defaultValue(setting)), defaultValue(setting));
  }
  setField(speed, urlValue('speed', '1'), '1');

  let playground = null;
  let running = false;
  let unit = Number(urlValue('unit', '1'));

  function settings() {
    const chosen = new PlaygroundSettings();
    for (const [id, [setting]] of Object.entries(FIELDS)) {
      const value = element(id).value;
      chosen[setting] = TEXT_SETTINGS.has(setting) ? value : Number(value);
    }
    return chosen;
  }

  /** A fresh run from the form; `epochs` trained at once (a link's prepared state). */
  function reset(epochs = 0) {
    pause();
    playground?.free();
    playground = null;
    const chosen = settings();
    for (const [id, [setting, key]] of Object.entries(FIELDS)) {
      keepInUrl(key, element(id).value, defaultValue(setting));
    }
    keepInUrl('epochs', null);
    // A network without hidden layers is one sigmoid neuron: units and activation do not apply.
    const single = chosen.hidden_layers === 0;
    element('units').disabled = single;
    element('hidden_activation').disabled = single;
    try {
      playground = new Playground(chosen);
      clearError();
      if (epochs > 0) {
        playground.train(Math.min(epochs, MAX_LINKED_EPOCHS));
        keepInUrl('epochs', playground.epoch, 0);
      }
    } catch (error) {
      showError(`${error.message}.`);
    } finally {
      chosen.free();
    }
    fillUnits();
    draw();
  }

  function fillUnits() {
    const count = playground ? playground.first_layer_units : 0;
    const single = Number(element('hidden_layers').value) === 0;
    unitSelect.replaceChildren(new Option('no neuron', '0'));
    for (let j = 1; j <= count; j++) {
      unitSelect.append(new Option(single ? 'the output neuron' : `layer 1, unit ${j}`, String(j)));
    }
    if (unit > count) unit = count > 0 ? 1 : 0;
    unitSelect.value = String(unit);
    keepInUrl('unit', unit, 1);
  }

  function draw() {
    const epoch = playground ? playground.epoch : 0;
    element('epoch').textContent = `epoch ${epoch}`;
    element('epoch').dataset.value = String(epoch);
    if (!playground) {
      drawLoss(loss, [], []);
      return;
    }
    const line = unit > 0 ? playground.unit_weights(unit - 1) : undefined;
    drawPlane(plane, {
      probabilities: playground.probabilities(COLUMNS, COLUMNS),
      columns: COLUMNS,
      extent: playground.extent(),
      train: playground.train_points(),
      test: playground.test_points(),
      line,
    });
    const train = playground.train_loss();
    const test = playground.test_loss();
    drawLoss(loss, train, test);
    stat('train-loss', train[train.length - 1], (v) => formatNumber(v, 4));
    stat('test-loss', test[test.length - 1], (v) => formatNumber(v, 4));
    stat('train-accuracy', playground.train_accuracy(), percent);
    stat('test-accuracy', playground.test_accuracy(), percent);
    element('network').textContent = playground.describe();
    element('unit-weights').textContent = line ? describeLine(line) : '';
  }

  function stat(id, value, format) {
    element(id).textContent = format(value);
    element(id).dataset.value = String(value);
  }

  function frame() {
    if (!running || !playground) return;
    const start = performance.now();
    const fixed = speed.value !== 'max';
    const limit = fixed ? Number(speed.value) : Infinity;
    const budget = fixed ? BUDGET.fixed : BUDGET.max;
    try {
      let trained = 0;
      do {
        playground.train(1);
        trained += 1;
      } while (trained < limit && performance.now() - start < budget);
    } catch (error) {
      pause();
      showError(`${error.message}. Try a smaller learning rate, then Reset.`);
    }
    draw();
    if (running) requestAnimationFrame(frame);
  }

  function run() {
    if (!playground) return;
    running = true;
    runButton.textContent = 'Pause';
    runButton.setAttribute('aria-pressed', 'true');
    keepInUrl('epochs', null);
    requestAnimationFrame(frame);
  }

  function pause() {
    running = false;
    runButton.textContent = 'Run';
    runButton.setAttribute('aria-pressed', 'false');
    if (playground) keepInUrl('epochs', playground.epoch, 0);
  }

  runButton.addEventListener('click', () => (running ? pause() : run()));
  element('step').addEventListener('click', () => {
    if (!playground) return;
    pause();
    try {
      playground.train(1);
    } catch (error) {
      showError(`${error.message}. Try a smaller learning rate, then Reset.`);
    }
    keepInUrl('epochs', playground.epoch, 0);
    draw();
  });
  element('reset').addEventListener('click', () => reset());
  element('settings').addEventListener('change', (event) => {
    if (event.target === speed) {
      keepInUrl('speed', speed.value, '1');
    } else {
      reset();
    }
  });
  element('settings').addEventListener('submit', (event) => event.preventDefault());
  unitSelect.addEventListener('change', () => {
    unit = Number(unitSelect.value);
    keepInUrl('unit', unit, 1);
    if (!running) draw();
  });
  element('svg').addEventListener('click', () => {
    if (!playground) return;
    const blob = new Blob([playground.boundary_svg()], { type: 'image/svg+xml' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `decision-boundary-${element('data').value}-epoch-${playground.epoch}.svg`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  reset(Number(urlValue('epochs', '0')) || 0);
  return () => {
    if (!running) draw();
  };
}

/** Sets a field, adding the value as an option if a select lacks it (a link may carry any number). */
function setField(field, value, fallback) {
  if (field.tagName === 'SELECT') {
    const values = Array.from(field.options, (option) => option.value);
    const match = values.find((v) => v === value || Number(v) === Number(value));
    if (match !== undefined) {
      field.value = match;
    } else if (value !== '' && !Number.isNaN(Number(value))) {
      field.append(new Option(value, value));
      field.value = value;
    } else {
      field.value = fallback;
    }
  } else {
    field.value = value;
  }
}

function percent(value) {
  return `${formatNumber(100 * value, 1)} %`;
}

/** `h = 0.52·x₁ − 1.3·x₂ + 0.1`, the line it draws, and which side is positive. */
function describeLine([w1, w2, b]) {
  const term = (w, x, first) => {
    const sign = w < 0 ? '−' : first ? '' : '+';
    return `${first ? sign : ` ${sign} `}${formatNumber(Math.abs(w))}·${x}`;
  };
  const bias = `${b < 0 ? ' − ' : ' + '}${formatNumber(Math.abs(b))}`;
  return `h = ${term(w1, 'x₁', true)}${term(w2, 'x₂', false)}${bias}. The dashed line is h = 0; the arrow, the weights (w₁, w₂), points to where h > 0.`;
}
