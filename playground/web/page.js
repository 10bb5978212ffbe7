// What both views share: the settings in the address bar, and the message line.

const params = new URLSearchParams(window.location.search);

/** The value of `key` in the address bar, or `fallback`. */
export function urlValue(key, fallback) {
  return params.has(key) ? params.get(key) : fallback;
}

/**
 * Keeps `key = value` in the address bar, so that the link gives this state
 * back; a value equal to its default is left out, to keep links short.
 */
export function keepInUrl(key, value, defaultValue) {
  if (value === null || value === undefined || String(value) === String(defaultValue)) {
    params.delete(key);
  } else {
    params.set(key, String(value));
  }
  const query = params.toString();
  const address = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  window.history.replaceState(null, '', address);
}

const message = document.getElementById('message');

/** Shows a problem above the page (an invalid setting, a diverged run). */
export function showError(text) {
  message.textContent = text;
  message.hidden = false;
}

/** Hides the message line. */
export function clearError() {
  message.hidden = true;
  message.textContent = '';
}

/** A number as the page prints it: at most `digits` decimals, no trailing zeros. */
export function formatNumber(value, digits = 2) {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(digits).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}
