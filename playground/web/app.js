// The page's start: load the WebAssembly module, then the two views.
// Every number on the page is computed by the neuron crate (neuron_playground.js
// and its .wasm, made by scripts/build-playground); these scripts only read
// the controls, keep them in the address bar and draw.

import init from './neuron_playground.js';
import { startNeuron } from './neuron.js';
import { startLearning } from './learn.js';
import { showError } from './page.js';

async function main() {
  await init();
  const redrawNeuron = startNeuron();
  const redrawLearning = startLearning();
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      redrawNeuron();
      redrawLearning();
    });
  });
  document.body.dataset.ready = 'true';
}

main().catch((error) => showError(`The page could not start: ${error.message ?? error}`));
