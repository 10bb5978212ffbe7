// Browser tests of the playground: Debian's headless Chromium, driven by
// Playwright, against the built page served on localhost (scripts/test-playground
// builds, serves and runs this). Each check is named and reported; the last
// line says how many passed and failed, and the exit code is 1 if any failed.
// Screenshots of each view, on a desktop and on a 390-px phone, go to
// target/playground-screenshots/ (or $SCREENSHOTS).
//
//   PLAYGROUND_URL=http://127.0.0.1:8000/ node run.mjs

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:8000/';
const shots = resolve(process.env.SCREENSHOTS ?? join(here, '..', '..', 'target', 'playground-screenshots'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Training XOR to full training accuracy must take less than this.
const TRAINING_LIMIT_MS = 60_000;

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let passed = 0;
let failed = 0;
const problems = [];

async function check(name, body) {
  const start = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok    ${name} (${Date.now() - start} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL  ${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function near(actual, expected, tolerance, what) {
  assert(Math.abs(actual - expected) <= tolerance, `${what} is ${actual}, expected ${expected} ± ${tolerance}`);
}

const sigmoid = (h) => 1 / (1 + Math.exp(-h));

mkdirSync(shots, { recursive: true });
// Playwright starts Chromium headless with a fresh, empty profile (a new
// --user-data-dir in a temporary folder) every time; these flags keep it from
// reaching for the network, which this machine does not have.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** A page in a fresh context that records console errors and refuses every address but the page's own. */
async function open(options, query = '') {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    problems.push(`request outside the page: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(base + query);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

const text = (page, selector) => page.locator(selector).innerText();
const value = async (page, selector) => Number(await page.locator(selector).getAttribute('data-value'));
const boundary = (page) => page.locator('#plane').evaluate((canvas) => canvas.toDataURL());

/** Screenshots of both views (and the whole page) for one window size. */
async function screenshots(page, size) {
  await page.locator('#neuron').screenshot({ path: join(shots, `${size}-1-neuron.png`) });
  await page.locator('#learn').screenshot({ path: join(shots, `${size}-2-learning.png`) });
  await page.screenshot({ path: join(shots, `${size}-page.png`), fullPage: true });
  if (size === 'phone') {
    // The learning view is long on a phone: each card on its own, at a size to read.
    for (const card of ['plane', 'loss', 'settings']) {
      await page.locator(`.${card === 'settings' ? 'settings' : `${card}-card`}`).screenshot({
        path: join(shots, `${size}-2-learning-${card}.png`),
      });
    }
  }
}

/** Nothing wider than the window, and no two cards on top of each other. */
async function checkLayout(page) {
  const layout = await page.evaluate(() => {
    const cards = Array.from(document.querySelectorAll('.card, .formula, canvas, .buttons, .legend, .stats'));
    const boxes = cards.map((el) => ({ el, box: el.getBoundingClientRect() }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 1 && y > 1) overlaps.push(`${a.el.id || a.el.className} / ${b.el.id || b.el.className}`);
      }
    }
    // Every control inside its card: a card too narrow for its contents hides them.
    const outside = Array.from(document.querySelectorAll('.card input, .card select, .card button, .card canvas'))
      .filter((el) => {
        const [box, card] = [el.getBoundingClientRect(), el.closest('.card').getBoundingClientRect()];
        return box.left < card.left - 0.5 || box.right > card.right + 0.5;
      })
      .map((el) => el.id || el.name || el.tagName);
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, overlaps, outside };
  });
  assert(layout.outside.length === 0, `outside their card: ${layout.outside.join(', ')}`);
  assert(layout.overflow <= 0, `the page is ${layout.overflow} px wider than the window`);
  assert(layout.overlaps.length === 0, `overlapping: ${layout.overlaps.join(', ')}`);
}

const started = Date.now();
const desktop = await open(DESKTOP);

await check('the page loads and shows the lecture neuron first', async () => {
  const [neuron, learn] = await Promise.all(['#neuron', '#learn'].map((s) => desktop.locator(s).boundingBox()));
  assert(neuron.y < learn.y, 'the neuron comes after the learning view');
  assert(neuron.y < 900, 'the neuron is not in the first screen');
  assert((await desktop.title()).includes('neuron'), 'no title');
});

await check("the lecture's example shows 0.45 and 0.61", async () => {
  assert((await text(desktop, '#formula-h')) === 'h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45', await text(desktop, '#formula-h'));
  assert((await text(desktop, '#formula-y')) === 'y = σ(0.45) = 0.61', await text(desktop, '#formula-y'));
  // 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45; σ(0.45) = 0.610639233949222 (NumPy: 1 / (1 + np.exp(-0.45)))
  near(await value(desktop, '#formula-h'), 0.45, 1e-15, 'h');
  near(await value(desktop, '#formula-y'), 0.610639233949222, 1e-15, 'y');
});

await check('moving a weight slider changes h and y to the values the crate computes', async () => {
  // The keyboard moves a slider as a person does: 30 steps of 0.01, from 0.7 to 1.
  await desktop.locator('#w2').focus();
  for (let i = 0; i < 30; i++) await desktop.keyboard.press('ArrowRight');
  const w2 = Number(await desktop.locator('#w2').inputValue());
  near(w2, 1, 1e-12, 'w₂');
  assert(Number(await desktop.locator('#w2-value').inputValue()) === w2, 'the number field does not follow the slider');
  const h = 0.5 * 0.4 + 0.3 * w2 + 0.2 * 0.2; // 0.54
  near(await value(desktop, '#formula-h'), h, 1e-12, 'h');
  near(await value(desktop, '#formula-y'), sigmoid(h), 1e-12, 'y');
  assert((await text(desktop, '#formula-h')) === 'h = 0.5·0.4 + 0.3·1 + 0.2·0.2 = 0.54', await text(desktop, '#formula-h'));
  assert((await text(desktop, '#formula-y')) === 'y = σ(0.54) = 0.63', await text(desktop, '#formula-y'));

  // A mouse drag on the first input's slider, to its left end (−1).
  const box = await desktop.locator('#x1').boundingBox();
  await desktop.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await desktop.mouse.down();
  await desktop.mouse.move(box.x - 20, box.y + box.height / 2, { steps: 5 });
  await desktop.mouse.up();
  const x1 = Number(await desktop.locator('#x1').inputValue());
  near(x1, -1, 1e-12, 'x₁');
  const dragged = x1 * 0.4 + 0.3 * w2 + 0.2 * 0.2; // −0.06
  near(await value(desktop, '#formula-h'), dragged, 1e-12, 'h after the drag');
  near(await value(desktop, '#formula-y'), sigmoid(dragged), 1e-12, 'y after the drag');

  // A number typed into a field moves its slider too.
  await desktop.locator('#w3-value').fill('-0.5');
  assert(Number(await desktop.locator('#w3').inputValue()) === -0.5, 'the slider does not follow the number field');
  near(await value(desktop, '#formula-h'), x1 * 0.4 + 0.3 * w2 + 0.2 * -0.5, 1e-12, 'h after typing');
});

await check('the activation can be chosen, and the address keeps the neuron', async () => {
  await desktop.locator('#activation').selectOption('tanh');
  const h = await value(desktop, '#formula-h');
  near(await value(desktop, '#formula-y'), Math.tanh(h), 1e-12, 'tanh(h)');
  assert((await text(desktop, '#formula-y')).startsWith('y = tanh('), await text(desktop, '#formula-y'));
  const address = desktop.url();
  assert(address.includes('f=tanh') && address.includes('w2=1'), `the address is ${address}`);
  const again = await open(DESKTOP, address.slice(base.length));
  assert((await text(again, '#formula-h')) === (await text(desktop, '#formula-h')), 'a reload shows another h');
  near(await value(again, '#formula-y'), await value(desktop, '#formula-y'), 0, 'y after a reload');
  await again.context().close();
  await desktop.locator('#lecture-values').click();
  assert((await text(desktop, '#formula-y')) === 'y = σ(0.45) = 0.61', 'the lecture values do not come back');
});

await check('the default run (the spiral) starts untrained and is drawn', async () => {
  assert((await desktop.locator('#data').inputValue()) === 'spiral', 'the default data set is not the spiral');
  assert((await value(desktop, '#epoch')) === 0, 'not at epoch 0');
  await desktop.locator('#learn').scrollIntoViewIfNeeded();
  await checkLayout(desktop);
  await screenshots(desktop, 'desktop');
});

let xorAddress = '';
await check('training XOR with a hidden layer lowers the loss and reaches full training accuracy', async () => {
  await desktop.locator('#data').selectOption('xor');
  await desktop.locator('#hidden_layers').fill('1');
  await desktop.locator('#hidden_layers').press('Tab');
  await desktop.locator('#units').fill('4');
  await desktop.locator('#units').press('Tab');
  await desktop.locator('#hidden_activation').selectOption('tanh');
  await desktop.locator('#learning_rate').selectOption('0.03');
  await desktop.locator('#speed').selectOption('5');
  assert((await text(desktop, '#network')).includes('2 → 4 → 1'), await text(desktop, '#network'));
  const before = await value(desktop, '#train-loss');
  const picture = await boundary(desktop);
  await desktop.locator('#run').click();
  const start = Date.now();
  await desktop.waitForFunction(() => document.getElementById('train-accuracy').dataset.value === '1', null, {
    timeout: TRAINING_LIMIT_MS,
    polling: 100,
  });
  const seconds = (Date.now() - start) / 1000;
  // A few more frames, then pause, to see it keep learning without freezing the page.
  await desktop.waitForTimeout(500);
  await desktop.locator('#run').click();
  const after = await value(desktop, '#train-loss');
  const epoch = await value(desktop, '#epoch');
  console.log(`      XOR: loss ${before.toFixed(4)} → ${after.toFixed(4)} in ${epoch} epochs, full accuracy after ${seconds} s`);
  assert(after < before / 2, `the loss went from ${before} to ${after}`);
  assert(epoch > 0, 'no epoch trained');
  assert((await boundary(desktop)) !== picture, 'the boundary picture did not change');
  xorAddress = desktop.url();
  assert(xorAddress.includes('data=xor') && xorAddress.includes(`epochs=${epoch}`), `the address is ${xorAddress}`);
  await desktop.locator('#learn').screenshot({ path: join(shots, 'desktop-3-xor-trained.png') });
});

await check('the link and its seed reproduce the run, epoch for epoch', async () => {
  const copy = await open(DESKTOP, xorAddress.slice(base.length));
  const [epoch, loss] = [await value(copy, '#epoch'), await value(copy, '#train-loss')];
  assert(epoch === (await value(desktop, '#epoch')), `epoch ${epoch}`);
  assert(loss === (await value(desktop, '#train-loss')), `loss ${loss} ≠ ${await value(desktop, '#train-loss')}`);
  assert((await boundary(copy)) === (await boundary(desktop)), 'another picture');
  await copy.locator('#reset').click();
  assert((await value(copy, '#epoch')) === 0, 'reset does not go back to epoch 0');
  assert(!copy.url().includes('epochs='), 'reset leaves the epochs in the address');
  await copy.context().close();
});

await check('step trains one epoch; a neuron of the first layer draws its line', async () => {
  const epoch = await value(desktop, '#epoch');
  await desktop.locator('#step').click();
  assert((await value(desktop, '#epoch')) === epoch + 1, 'step did not train one epoch');
  await desktop.locator('#unit').selectOption('2');
  const words = await text(desktop, '#unit-weights');
  assert(/^h = −?[\d.]+·x₁ [+−] [\d.]+·x₂ [+−] [\d.]+\./.test(words), words);
  const withLine = await boundary(desktop);
  await desktop.locator('#unit').selectOption('0');
  assert((await boundary(desktop)) !== withLine, 'the line is not drawn');
});

await check("the crate's SVG picture downloads; a setting out of range is named, not thrown", async () => {
  const [download] = await Promise.all([desktop.waitForEvent('download'), desktop.locator('#svg').click()]);
  assert(/^decision-boundary-xor-epoch-\d+\.svg$/.test(download.suggestedFilename()), download.suggestedFilename());
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const svg = Buffer.concat(chunks).toString();
  assert(svg.startsWith('<svg') && svg.includes('Decision boundary'), svg.slice(0, 80));

  await desktop.locator('#samples').fill('2');
  await desktop.locator('#samples').press('Tab');
  const message = desktop.locator('#message');
  assert(await message.isVisible(), 'no message for 2 samples');
  assert((await message.innerText()).includes('samples is 2'), await message.innerText());
  await desktop.locator('#samples').fill('300');
  await desktop.locator('#samples').press('Tab');
  assert(!(await message.isVisible()), 'the message stays after a valid setting');
});

await check("a lesson's link: the AND gate learnt by one neuron, whose line is the boundary", async () => {
  const lesson = await open(DESKTOP, '?data=and&layers=0&opt=sgd&lr=1&batch=0&noise=0.1&epochs=300#learn');
  assert((await value(lesson, '#epoch')) === 300, 'the link did not train 300 epochs');
  assert((await text(lesson, '#network')).startsWith('Network(2 → 1'), await text(lesson, '#network'));
  assert((await lesson.locator('#unit option:checked').innerText()) === 'the output neuron', 'no output neuron to show');
  assert((await value(lesson, '#train-accuracy')) === 1, `training accuracy ${await value(lesson, '#train-accuracy')}`);
  await lesson.locator('#learn').screenshot({ path: join(shots, 'desktop-5-and-one-neuron.png') });
  await lesson.context().close();
});

await check('a 900-px window: two columns, every control inside its card', async () => {
  const tablet = await open({ viewport: { width: 900, height: 900 } });
  await checkLayout(tablet);
  await tablet.screenshot({ path: join(shots, 'tablet-page.png'), fullPage: true });
  await tablet.context().close();
});

const phone = await open(PHONE);
await check('a 390-px window: one column, nothing wider than the window or overlapping', async () => {
  await checkLayout(phone);
  assert((await text(phone, '#formula-y')) === 'y = σ(0.45) = 0.61', 'the lecture example is missing');
  // Train the spiral a little, so the pictures show a run.
  await phone.locator('#speed').selectOption('max');
  await phone.locator('#run').click();
  await phone.waitForFunction(() => Number(document.getElementById('epoch').dataset.value) >= 150, null, { timeout: TRAINING_LIMIT_MS });
  await phone.locator('#run').click();
  await checkLayout(phone);
  await screenshots(phone, 'phone');
});

await check('the spiral is learnt by the default network', async () => {
  await desktop.goto(base);
  await desktop.waitForSelector('body[data-ready="true"]');
  const before = await value(desktop, '#train-loss');
  await desktop.locator('#speed').selectOption('max');
  await desktop.locator('#run').click();
  await desktop.waitForFunction(() => Number(document.getElementById('train-accuracy').dataset.value) >= 0.95, null, {
    timeout: TRAINING_LIMIT_MS,
    polling: 100,
  });
  await desktop.locator('#run').click();
  const after = await value(desktop, '#train-loss');
  console.log(`      spiral: loss ${before.toFixed(4)} → ${after.toFixed(4)} in ${await value(desktop, '#epoch')} epochs`);
  assert(after < before / 2, `the loss went from ${before} to ${after}`);
  await desktop.locator('#learn').scrollIntoViewIfNeeded();
  await desktop.locator('#learn').screenshot({ path: join(shots, 'desktop-4-spiral-trained.png') });
});

await check('no console errors, and no request left the page', async () => {
  assert(problems.length === 0, problems.join('; '));
});

await browser.close();
console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
